/* The device's time zone, for times on the site before (or without) a saved setting in /me/:
 * kept in the "tz" cookie (community/accounts/time_zones.py); a reload shows the right times
 * on the very first visit. Only the zone's name is sent, and only to this site. */
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone || !/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) { return; }
  var current = (document.cookie.match(/(?:^|; )tz=([^;]*)/) || [])[1];
  if (current && decodeURIComponent(current) === zone) { return; }
  var secure = location.protocol === "https:" ? "; Secure" : "";
  document.cookie = "tz=" + encodeURIComponent(zone) + "; Path=/; Max-Age=31536000; SameSite=Lax" + secure;
})();
