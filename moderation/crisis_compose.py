"""The compositional layer of the crisis detector.

The phrase rules (:mod:`moderation.crisis_lexicon`) and concept families
(:mod:`moderation.crisis_concepts`) list wordings. This layer scores a clause instead, from
three independent parts, so that wordings nobody listed still read:

- a **risk stem** (broad, all verb forms): dying, not living or being here, this world, ending
  everything, disappearing, sleeping forever, goodbye, being a burden, "without me", pills,
  an overdose, heights, a bridge, a rope, a weapon, cutting, bleeding, hurting; for danger from
  someone else: making the writer pay, hurting or hitting or choking or locking them in,
  coming for them, threatening, killing; for assault: forced, raped, drugged, won't stop;
- the **writer** as subject or experiencer (or, for danger, the writer or their children as
  the named victim) - in Spanish and Russian the subject is often only in the verb ending, so
  there it is enough that nobody else is named as the subject;
- an **intent, wish, urgency or hopelessness cue**: want, wish, going to, tonight, can't
  anymore, no point, why live, won't survive, better off, looked up how many...

A clause with all three reads as a crisis unless an exclusion scoped to that clause applies:
a negation of the risk word or of the wish itself ("I don't want to die"; but "I don't want
to live" is the risk), distant past without a present cue, someone else as the subject, a
reported question, talk about the topic (an article, a book, a series, a class), a known idiom
or hyperbole near the risk word, or ending a relationship. Text in quotation marks has been
removed before this layer sees it. Nothing here logs or keeps any text.
"""

from __future__ import annotations

import re
import re._constants as _sc
import re._parser as _sp
from dataclasses import dataclass

from moderation.textnorm import fold_marks

SUICIDAL = "suicidal_ideation"
SELF_HARM = "self_harm"
ASSAULT = "sexual_assault_now"
DANGER = "abuse_danger"


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(fold_marks(pattern))


@dataclass(frozen=True)
class _Risk:
    category: str
    regex: re.Pattern[str]
    strong: bool  # needs no separate cue (the stem carries intent or urgency itself)
    life: bool  # a negated wish is the risk itself ("don't want to live")
    company: bool = False  # an oblique sign ("my last day") that needs a second one nearby


@dataclass(frozen=True)
class _Lang:
    code: str
    risks: tuple[_Risk, ...]
    cue: re.Pattern[str]
    danger_cue: re.Pattern[str]
    recent: re.Pattern[str]
    self_marker: re.Pattern[str]
    other_subject: re.Pattern[str]
    negation: re.Pattern[str]
    distant: re.Pattern[str]
    present: re.Pattern[str]
    topic: re.Pattern[str]
    idiom: re.Pattern[str]
    laughter: re.Pattern[str]
    relationship: re.Pattern[str]
    reported: re.Pattern[str]
    pro_drop: bool


def _risks(*rows: tuple) -> tuple[_Risk, ...]:
    return tuple(_Risk(row[0], _c(row[1]), *row[2:]) for row in rows)


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------

EN = _Lang(
    code="en",
    risks=_risks(
        (
            SUICIDAL,
            r"\b(?:(?:for|after) when i'?m (?:not around|no longer here|dead)|(?:forgive me|"
            r"i'?m sorry|sorry) for what i'?m (?:about to|going to) do)\b",
            True,
            False,
        ),
        (
            SUICIDAL,
            r"\b(?:(?:for |after )?when i'?m (?:not around|gone|no longer here|dead)|after i'?m "
            r"gone|(?:forgive me|i'?m sorry) for what i'?m (?:about to|going to) do|what i'?m "
            r"about to do|(?:today|tonight) is (?:the|my) last (?:day|night)|my last (?:day|night|"
            r"message)|made (?:my|the) (?:final )?decision|(?:take|took|swallow\w*) (?:them|"
            r"it) all|"
            r"all (?:of )?(?:the|my) (?:pills|tablets|meds)|medicine cabinet|(?:given|giving|gave) "
            r"(?:away )?my (?:\w+ )?(?:to|away)|(?:better|good) care of (?:\w+ )?than i can)\b",
            True,
            False,
            True,
        ),
        (
            SUICIDAL,
            r"\b(?:(?:don'?t know|not sure) (?:if|whether) i(?:'ll| will| can| could)?|"
            r"won'?t|will not|wont|not going to|don'?t think i(?:'ll| will| can)?|"
            r"might not|may not) (?:survive|make it|last|get through)(?: (?:this|the|tonight|"
            r"till|until|through|to)\b|$|[.!?,])",
            True,
            False,
        ),
        (
            SUICIDAL,
            r"\b(?:di(?:e|es|ed|ing)|dead|death|end(?:s|ed|ing)? (?:it|it all|everything|"
            r"my life|things|this|my pain|the pain)|take my (?:own )?life|disappear\w*|vanish\w*|"
            r"cease to exist|stop existing|not (?:be )?(?:here|around|alive)|(?:not )?exist\w*|"
            r"live|living|alive|be here|being here|this world|this earth|wake up|waking up|"
            r"sleep forever|fall asleep forever|stop breathing|"
            r"goodbye|say(?:ing)? bye|last message|burden|without me|gone|pills?|tablets?|"
            r"overdos\w*|od|tallest|rooftop|roof|ledge|bridge|jump\w*|rope|noose|hang\w*|"
            r"gun|weapon|lethal|fatal|how many \w+ (?:it takes|would)|cliff|balcony|top floor|"
            r"parking (?:garage|structure)|how (?:high|far) (?:a )?(?:fall|drop)|"
            r"(?:everything|it all|all of (?:it|this)|the pain|this life) (?:to )?(?:stop|end|"
            r"be over)|(?:not|never) (?:be )?coming back|won'?t be coming back|in front of a "
            r"(?:train|bus|car|truck|lorry)|train tracks|traffic|doses?|amounts?|"
            r"(?:mother|mom|mum|father|dad|wife|husband|parent|daughter|son) than me|"
            r"if i (?:was|were|wasn'?t|weren'?t) (?:gone|here|around|alive)|without (?:their|his|"
            r"her|your|a) (?:mum|mom|mother|dad|father|wife|husband|parent))\b",
            False,
            False,
        ),
        (
            SELF_HARM,
            r"\b(?:cut(?:s|ting)?|hurt(?:s|ing)?|burn(?:s|ing|ed)?|harm(?:ing)?|punish(?:ing)?|"
            r"scratch(?:ing)?) (?:myself|my (?:arms?|wrists?|legs?|skin|thighs?))\b|"
            r"\b(?:self[- ]?harm\w*|bleed\w*|blade|razor)\b",
            False,
            False,
        ),
        (
            DANGER,
            r"\b(?:make me pay|going to pay|gonna pay|(?:hurt|hit|hits|hitting|beat|beats|"
            r"choke|chokes|choking|choked|strangl\w*|kill|punch\w*|slap\w*|lock\w*|find|get) "
            r"(?:me|us|my (?:kids?|children|son|daughter|baby))|locked (?:me|us) in|"
            r"threaten\w*|coming (?:back |home |over )?(?:for me|to get me|after me|here|back|"
            r"home|over)|banging on|pounding on|grabb?\w* (?:me by )?(?:my |the )?(?:throat|neck|"
            r"hair)|"
            r"pinn\w* me|won'?t let me (?:leave|out|go)|regret (?:this|leaving me|leaving)|"
            r"won'?t walk away|end me|finish me)\b",
            False,
            False,
        ),
        (
            ASSAULT,
            r"\b(?:he won'?t stop|spiked|rap(?:ed|ing|es|e) me|raped|forc(?:ed|ing|es) (?:me|"
            r"himself|herself)|"
            r"drugg?(?:ed|ing) me|drugged|(?:put|slipped) something in my drink|"
            r"(?:won'?t|wouldn'?t|doesn'?t|will not) stop (?:touching|when|even|,|\.|$)|"
            r"touching me|made me (?:have sex|do things|do it)|assault(?:ed|ing) me)",
            False,
            False,
        ),
    ),
    cue=_c(
        r"\b(?:want\w*|wanna|wish\w*|hop(?:e|ing)|pray\w*|going to|gonna|'ll|will|plan\w*|"
        r"decid\w*|ready|tonight|today|tomorrow|right now|now|soon|can'?t (?:anymore|any more|"
        r"go on|"
        r"keep|do this|take|stand|bear|handle|cope)|no point|pointless|why (?:live|bother|"
        r"even|am i|keep|go on|stay)|what'?s the point|better off|fine without|happier without|"
        r"easier without|won'?t (?:survive|miss)|nobody (?:would|will|cares)|no one (?:would|"
        r"will|cares)|research\w*|look(?:ed|ing)? up|search\w*|googl\w*|how (?:many|much|high|"
        r"tall|long)|enough|tallest|high enough|should|need to|have to|about to|urge|tempt\w*|"
        r"bought|stock\w*|sav(?:ed|ing) up|manage|fine|relieved|move on|"
        r"okay|ok|better|happier|easy|easier|read(?:ing)? (?:up|about)|which|deserve|count(?:ed|"
        r"ing)|last time|final|ready|tired of|"
        r"done with|sick of|give up|giving up|finally|again|keep thinking|thinking about|"
        r"thought about|don'?t (?:deserve|want))\b"
    ),
    danger_cue=_c(
        r"\b(?:scared|afraid|terrified|frightened|hid(?:e|ing)|help|please|tonight|right now|"
        r"now|again|won'?t let me|going to|gonna|he'?ll|she'?ll|they'?ll|will|swore|swears|"
        r"threat\w*|next time|screaming|yelling|said|says|when|if|drunk|gets home|if i|when he|"
        r"when she|on his way|any minute|soon|keeps)\b"
    ),
    recent=_c(
        r"\b(?:tonight|last night|just|right now|now|today|this (?:morning|evening|afternoon)|"
        r"an hour ago|minutes ago|still|again|keeps|won'?t stop|is|he'?s|she'?s|yesterday|help|"
        r"please|can'?t remember|don'?t remember)\b"
    ),
    self_marker=_c(r"\b(?:i|i'm|im|i've|i'd|i'll|me|my|myself|mine)\b"),
    other_subject=_c(
        r"\b(?:he|she|they|you|we|he's|she's|they're|you're|people|someone|somebody|"
        r"(?:my|a|her|his|our) (?:friend|sister|brother|son|daughter|mom|mum|dad|cousin|"
        r"client|patient|student|partner|husband|wife|kid|teen)|the character|the author)\b"
    ),
    negation=_c(
        r"\b(?:not|never|no|don'?t|dont|won'?t|wouldn'?t|didn'?t|isn'?t|ain'?t|n't|without|"
        r"stopped)\b"
    ),
    distant=_c(
        r"\b(?:years? ago|when i was (?:a |young|little|\d+|in)|as a (?:kid|child|teen)|"
        r"back (?:in|then)|used to|in (?:high school|college|my twenties|my teens)|"
        r"long time ago|once upon|a decade)\b"
    ),
    present=_c(r"\b(?:again|now|still|tonight|today|lately|these days|right now|anymore)\b"),
    topic=_c(
        r"\b(?:article|book|novel|movie|film|series|episode|show|character|podcast|essay|"
        r"documentary|class|lecture|research paper|statistics|prevention|awareness|training|"
        r"hotline number|how (?:do|can) (?:i|we) help|support (?:a|my) friend|song|lyrics|"
        r"video game|poem|plot|fiction|(?:plant|battery|phone|laptop|car) (?:is |was )?(?:dead|"
        r"dying|died))\b"
    ),
    idiom=_c(
        r"\b(?:dying (?:to|for|of)|to die for|die (?:of|from) (?:embarrass|laugh|boredom|shame)|"
        r"dead (?:tired|serious|wrong|end|line|on)|deadline|killing it|killed it|kill(?:s|ing)? "
        r"me (?:lol|haha|with)|(?:feet|back|head|legs) (?:are|is) killing|over my dead body|"
        r"dressed to kill|kill time|bored to death|scared to death|sick to death|"
        r"death metal|jump (?:in|on|at|into) (?:the|a|to)|jump(?:ed|ing)? (?:rope|start)|"
        r"cut (?:ties|off|back|corners|it out|the cord|my hair|my losses)|hang (?:out|on|up|in)|"
        r"bridge the|pay (?:the|back|rent|bills?|attention)|lock(?:ed)? (?:the door|my "
        r"phone|me out)|burn(?:ed|ing)? (?:out|the)|make it (?:to|on time|work)|i'?m dead|"
        r"walking dead|dead battery|kill me when|(?:mom|mum|mother|dad|father|boss|teacher|"
        r"coach) (?:is )?(?:going to|gonna|will|'ll) kill me|killed myself laughing|"
        r"threaten\w* to (?:take|"
        r"leave|tell|call|divorce|move|sell)|survive (?:the|this) (?:meeting|week|exam|flight|"
        r"class))"
    ),
    laughter=_c(r"\b(?:lol|lmao|lmfao|haha\w*|jk|rofl|xd)\b|😂|🤣"),
    relationship=_c(
        r"\b(?:end(?:ed|ing)? (?:it|things) with|break(?:ing)? up|the (?:marriage|relationship|"
        r"affair)|divorce|end(?:ing)? (?:the|our|my) (?:marriage|relationship|affair|lease|call)|"
        r"goodbye to (?:him|her|them|the|my)|say(?:ing)? goodbye to)\b"
    ),
    reported=_c(
        r"\b(?:said|says|told (?:me|us|her|him)|tells (?:me|us))(?: that)?\b|"
        r"\b(?:asked (?:me )?(?:if|whether)|wondered (?:if|whether)|asks (?:if|whether)|"
        r"(?:he|she|they|you|someone) (?:said|says|told)|question (?:was|is)|quote)\b"
    ),
    pro_drop=False,
)


# --------------------------------------------------------------------------------------------
# Spanish
# --------------------------------------------------------------------------------------------

ES = _Lang(
    code="es",
    risks=_risks(
        (
            SUICIDAL,
            r"\b(?:(?:para|por si) cuando (?:ya )?no (?:este|estare)|no haber nacido|"
            r"sobr(?:o|a) en (?:este|el) mundo|perdon\w* por lo que voy a hacer)\b",
            True,
            False,
        ),
        (
            SUICIDAL,
            r"\b(?:(?:para )?cuando (?:ya )?no (?:este|estare)|lo que voy a hacer|perdon\w* por lo "
            r"que|(?:mi |el )?ultimo dia|(?:lo )?tengo decidido|ya (?:lo )?decidi|tomarmelas todas|"
            r"todas (?:las pastillas|de golpe|juntas)|botiquin|sobr(?:o|a) en (?:este|el) mundo|"
            r"no haber nacido|tomar(?:me)? todo lo que|regale (?:mis|todas mis) cosas)\b",
            True,
            False,
            True,
        ),
        (
            SUICIDAL,
            r"\b(?:no (?:creo que |se si |voy a |podre |pueda )?(?:aguant\w*|sobreviv\w*|"
            r"llegu\w* a manana|llego a manana|pase de|pasar de esta|salir de esta)|"
            r"no llego a)\b",
            True,
            False,
        ),
        (
            SUICIDAL,
            r"\b(?:mori\w*|muer\w*|muri\w*|acab\w*|termin\w*|desaparec\w*|desaparezc\w*|"
            r"vivir|viv\w*|estar (?:aqui|en este mundo|viva|vivo)|este mundo|existir|"
            r"despert\w*|dormir para siempre|dormirme|despedi\w*|adios|carga|sin mi|"
            r"pastillas?|sobredosis|edificio|azotea|puente|saltar|tirarme|lanzarme|cuerda|"
            r"ahorcar\w*|colgarme|arma|pistola|letal\w*|irme para siempre|dejar de existir|"
            r"no volver|balcon|precipicio|dosis|mortal\w*|pisos|vias del tren|tren|"
            r"(?:me quiero|quiero|voy a|necesito) ir(?:me)?\b|irme|otr[ao] (?:madre|padre|mama|"
            r"papa)|"
            r"si (?:yo )?no (?:estuviera|existiera|estoy)|no estuviera|sin (?:su|tu) (?:madre|"
            r"mama|padre|papa|esposa|mujer)|estare aqui|no estare)\b",
            False,
            True,
        ),
        (
            SELF_HARM,
            r"\b(?:cortarme|me corto|me corte|cortes|hacerme dano|me hago dano|lastimarme|"
            r"me lastimo|quemarme|autolesi\w*|sangr\w*|cuchilla|navaja)\b",
            False,
            False,
        ),
        (
            DANGER,
            r"\b(?:me (?:las |lo )?(?:va|vas) a (?:pagar|pegar|matar|hacer dano|encerrar|"
            r"hacer pagar)|"
            r"(?:hacer(?:me)?|hara|haras|hare) pagar|"
            r"me (?:las|lo) (?:vas|va) a pagar|me (?:pega|golpea|ahorca|estrangula|encerro|"
            r"encierra|amenaza|amenazo|matara|va a matar|pegara|quiere matar)|amenaz\w*|"
            r"viene (?:a por mi|para aca|hacia aca|a buscarme)|ya viene|va a venir|"
            r"(?:matar|pegar|hacer dano) a (?:mis hijos|los ninos|mi hij\w*)|(?:del|por el) cuello|"
            r"no (?:salgo|saldre|saldras|sales|vas a salir) viva|destroz\w*|me (?:agarro|empujo|"
            r"tiro|arrastro)|golpe\w*|encerrad\w*|no me deja salir)\b",
            False,
            False,
        ),
        (
            ASSAULT,
            r"\b(?:me viol\w*|violad\w*|me forz\w*|me obliga\w*|me drog\w*|drogad\w*|"
            r"(?:echo|puso|echaron|pusieron) algo en (?:mi|la) (?:bebida|copa|vaso)|obligando|"
            r"forzando|violando|no (?:para|se detiene|deja de "
            r"tocarme)|me (?:esta )?tocando|abus\w* de mi)\b",
            False,
            False,
        ),
    ),
    cue=_c(
        r"\b(?:quier\w*|quisiera|ojala|dese\w*|voy a|vas a|pienso|planeo|plan\w*|decid\w*|"
        r"esta noche|hoy|ya no|no puedo mas|no aguanto|no tiene sentido|sin sentido|"
        r"para que (?:vivir|seguir|estoy|sigo)|por que (?:seguir|vivir|sigo)|mejor\w*|"
        r"estarian|estaran|estarian mejor|felices|nadie (?:me )?(?:extranaria|notaria)|"
        r"busque|buscando|investig\w*|googl\w*|cuant\w*|mas alto|suficientes?|ganas de|"
        r"necesito|tengo que|debo|manana|deberia|a punto|compre|guardando|ultima vez|final|"
        r"cansad\w* de|harta|harto|facil|no puedo mas|iria mejor|rendirme|me rindo|otra vez|"
        r"de nuevo|pensando en|"
        r"no merezco|ahora)\b"
    ),
    danger_cue=_c(
        r"\b(?:miedo|asustad\w*|aterrad\w*|escond\w*|ayuda|por favor|esta noche|ahora|"
        r"otra vez|de nuevo|va a|vas a|jura|juro|amenaz\w*|la proxima|si (?:me|lo|le)|"
        r"cuando|si|borracho|vuelve|volver|va a volver|en camino|pronto)\b"
    ),
    recent=_c(
        r"\b(?:esta noche|anoche|ahora|acaba de|hoy|esta manana|hace (?:una hora|un rato|"
        r"minutos)|todavia|sigue|otra vez|de nuevo|ayer|esta|ayuda|por favor|ahora mismo|"
        r"no me acuerdo|"
        r"no recuerdo)\b"
    ),
    self_marker=_c(r"\b(?:yo|me|mi|mis|conmigo|estoy|quiero|voy|puedo|siento|soy|tengo)\b"),
    other_subject=_c(
        r"\b(?:el|ella|ellos|ellas|tu|usted|alguien|la gente|(?:mi|un|una|su) (?:amig\w*|"
        r"hermana|hermano|hij\w*|madre|padre|prim\w*|cliente|paciente|alumn\w*|pareja)|"
        r"el personaje)\b"
    ),
    negation=_c(r"\b(?:no|nunca|jamas|tampoco|ni|sin|deje de)\b"),
    distant=_c(
        r"\b(?:hace (?:anos|\d+ anos|mucho|tiempo|una decada)|cuando (?:era|tenia)|de (?:nin\w*|"
        r"adolescente|joven)|en la (?:secundaria|universidad|prepa)|antes solia|solia)\b"
    ),
    present=_c(r"\b(?:otra vez|de nuevo|ahora|todavia|aun|esta noche|hoy|ultimamente|ya no)\b"),
    topic=_c(
        r"\b(?:articulo|libro|novela|pelicula|serie|episodio|personaje|podcast|ensayo|"
        r"documental|clase|estadisticas|prevencion|campana|taller|cancion|letra|juego|poema|"
        r"historia de|ficcion|como (?:ayudo|ayudar|puedo ayudar))\b"
    ),
    idiom=_c(
        r"\b(?:me muero (?:de|por)|muero (?:de|por)|(?:muert|mori|muer)\w* de (?:la |el )?(?:risa|"
        r"sueno|hambre|cansancio|verguenza|frio|calor|miedo|aburrimiento|envidia|ganas|amor|"
        r"celos|nervios|pena ajena)|morir de (?:risa|verguenza)|me mata(?:s|n)? "
        r"(?:de risa|la curiosidad)|acab\w* (?:de|el|la|los|las|con el|con la)|termin\w* "
        r"(?:de (?!una vez)|el|la|los|las)|sin mi "
        r"(?!(?:y|ni|que|porque|ya|nunca|jamas|todo|todos|a nadie)\b)\w+|mejor (?:amig\w*|"
        r"que nunca)|puente (?:festivo|"
        r"de mayo)|pagar (?:el|la|las|los|renta|cuentas)|carga (?:de trabajo|del|la bateria)|"
        r"cortarme el pelo|cortes de (?:luz|pelo)|vivir (?:en|con|juntos|solo|sola)|"
        r"despedida de solter\w*|me mato (?:trabajando|estudiando|a trabajar)|me va a matar "
        r"(?:cuando|si)|(?:madre|mama|padre|papa|jefe|jefa) me (?:va a )?mata|"
        r"amenaz\w* con (?:irse|llevarse|dejarme|divorciarse|contar))\b"
    ),
    laughter=_c(r"\b(?:jaja\w*|jeje\w*|xd|lol|jsjs\w*)\b|😂|🤣"),
    relationship=_c(
        r"\b(?:termin\w* (?:con el|con ella|la relacion|el matrimonio|lo nuestro)|"
        r"acab\w* (?:con el|con ella|la relacion|el matrimonio|lo nuestro)|divorci\w*|"
        r"despedi\w* de (?:el|ella|mi ex))\b"
    ),
    reported=_c(
        r"\b(?:dijo|dice|decia|conto|cuenta|escribio) que|"
        r"\b(?:me pregunt\w* (?:si|que)|pregunt\w* si|(?:el|ella|alguien) (?:dijo|dice)|"
        r"se pregunta si)\b"
    ),
    pro_drop=True,
)


# --------------------------------------------------------------------------------------------
# Russian
# --------------------------------------------------------------------------------------------

RU = _Lang(
    code="ru",
    risks=_risks(
        (
            SUICIDAL,
            r"(?:лишн\w* на (?:этом )?свете|не (?:рождал\w*|родил\w*)|когда меня не станет|"
            r"простите (?:меня )?за то, что (?:я )?(?:сделаю|собираюсь))",
            True,
            False,
        ),
        (
            SUICIDAL,
            r"(?:после меня|когда меня не станет|что я (?:сделаю|собираюсь сделать)|простите меня|"
            r"последний день|лишн\w* на (?:этом )?свете|выпить (?:их )?все|выпью (?:их )?все|"
            r"аптечк\w*|не рождал\w*|не родил\w*|раздал\w* (?:все )?(?:свои )?вещи|"
            r"я (?:все|всё) решил\w*)",
            True,
            False,
            True,
        ),
        (
            SUICIDAL,
            r"(?:не (?:переживу|выдержу|дотяну|доживу)|не (?:смогу|могу) (?:пережить|"
            r"выдержать|дожить))",
            True,
            False,
        ),
        (
            SUICIDAL,
            r"(?:умер\w*|умир\w*|умру|сдохн\w*|смерт\w*|законч\w*|кончил\w*|кончит\w*|"
            r"прекрат\w*|исчез\w*|жить|живу|жизн\w*|на этом свете|на свете|существоват\w*|"
            r"просыпат\w*|проснут\w*|уснуть навсегда|засну\w* навсегда|прощ\w*|попрощат\w*|"
            r"обуз\w*|без меня|таблет\w*|передоз\w*|крыш\w*|мост\w*|прыгн\w*|прыгат\w*|"
            r"веревк\w*|петл\w*|повес\w*|оружи\w*|пистолет\w*|смертельн\w*|"
            r"этаж\w*|высот\w*|нет меня|меня не станет|не стало|доз[аыу]\b|снотворн\w*|"
            r"выжив\w*|выжить|не вернусь|друг(?:ой|ая|им) (?:мам\w*|матер\w*|пап\w*|отц\w*)|"
            r"меня (?:уже |больше )?(?:не было|не будет|не станет)|без (?:мамы|матери|папы|отца)|"
            r"поезд\w*|шагнуть|уйти навсегда|уйти из жизни|"
            r"под машину)",
            False,
            True,
        ),
        (
            SELF_HARM,
            r"(?:порез\w*|режу|резать себя|резаться|вскры\w*|вены|кров\w*|навредить себе|"
            r"причин\w* себе боль|бить себя|бью себя|жечь себя|селфхарм\w*|лезви\w*)",
            False,
            False,
        ),
        (
            DANGER,
            r"(?:заплатишь|заплатит\w*|пожале\w*|едет|заставит заплатить|поплатиш\w*|пожалеешь|"
            r"убь[её]т|"
            r"убить меня|убьет меня|изобь\w*|побь\w*|бьет меня|бил меня|ударил\w*|ударит|"
            r"душит|душил\w*|не выпускает|не отпускает|не да[её]т уйти|за (?:горло|шею|волосы)|"
            r"не отпустит|мне конец|найд[её]т меня|"
            r"задуш\w*|запер\w*|запира\w*|угрожа\w*|едет сюда|придет|"
            r"приедет|ломится|стучит в дверь|караулит)",
            False,
            False,
        ),
        (
            ASSAULT,
            r"(?:изнасил\w*|заставил\w* (?:меня|спать|заняться)|принудил\w*|подсыпал\w*|"
            r"опоил\w*|что-то в (?:мой )?(?:стакан|бокал|напиток)|не останавливается|"
            r"не прекращает|трогает меня|лапает|домогается)",
            False,
            False,
        ),
    ),
    cue=_c(
        r"(?:хочу|хочет\w*|хотел\w*|хотелось|мечтаю|собираюсь|решил\w*|сегодня|этой ночью|"
        r"эту ночь|больше не (?:могу|хочу|выдерживаю)|не могу больше|нет смысла|смысл\w*|"
        r"зачем|незачем|не переживу|лучше|проще|легче|счастлив\w*|никто не (?:заметит|"
        r"заплачет|вспомнит)|искал\w*|ищу|гугл\w*|погугл\w*|узнавал\w*|читал\w* (?:как|сколько)|"
        r"сколько|как(?:ая|ой|ую|ого|ом)\b|легко|узнал\w*|какой высоты|высоко|достаточно|готов\w*|"
        r"пора|скорей бы|скорее бы|лишь бы|"
        r"чтобы|надо|нужно|завтра|к утру|должн\w*|купил\w*|коплю|накопил\w*|в последний раз|"
        r"устал\w*|"
        r"не могу|сдаюсь|сдаться|опять|снова|думаю о|думаю, как|не заслуживаю|сейчас|"
        r"не хочу)"
    ),
    danger_cue=_c(
        r"(?:боюсь|страшно|сказал|следующий раз|когда|если|вернет\w*|пьян\w*|придет|прячусь|"
        r"спрятал\w*|помогите|пожалуйста|сегодня|сейчас|снова|"
        r"опять|пообещал\w*|клянет\w*|грозит|угрожа\w*|в следующий раз|если я|когда (?:он|"
        r"вернется|придет)|уже едет|скоро|вот-вот)"
    ),
    recent=_c(
        r"(?:сегодня|вчера|этой ночью|прошлой ночью|только что|сейчас|час назад|утром|"
        r"до сих пор|снова|опять|продолжает|прямо|помогите|пожалуйста|не помню|кажется)"
    ),
    self_marker=_c(
        r"(?:\bя\b|\bмне\b|\bменя\b|\bмной\b|\bмой\b|\bмоя\b|\bмои\b|\bсебя\b|\bсебе\b)"
    ),
    other_subject=_c(
        r"(?:\bон\b|\bона\b|\bони\b|\bмы\b|\bты\b|\bвы\b|кто-то|люди|\b(?:друг|подруг\w*|"
        r"сестр\w*|брат|сын|доч\w*|мама|папа|клиент\w*|пациент\w*|ученик\w*|партнер\w*)\b|"
        r"персонаж\w*|герои\w*)"
    ),
    negation=_c(r"(?:\bне\b|\bни\b|никогда|\bнет\b|\bбез\b|перестал\w*)"),
    distant=_c(
        r"(?:лет назад|год назад|много лет|в детстве|в студенчеств\w*|в институте|в универ\w*|"
        r"в молодости|раньше я|раньше мне|когда (?:мне было|я был\w*|я училась|"
        r"я учился)|в юности|в школе|в подростковом)"
    ),
    present=_c(r"(?:снова|опять|сейчас|до сих пор|сегодня|теперь|всё ещё|все еще|больше не)"),
    topic=_c(
        r"(?:стать\w*|книг\w*|роман\w*|фильм\w*|сериал\w*|сери\w* |персонаж\w*|подкаст\w*|"
        r"эссе|документальн\w*|лекци\w*|статистик\w*|профилактик\w*|тренинг\w*|песн\w*|"
        r"стих\w*|как помочь|как поддержать)"
    ),
    idiom=_c(
        r"(?:до смерти (?:хочу|устал\w*|надоел\w*|боюсь|напуган\w*)|умира\w* (?:от|со) "
        r"(?:смеха|скуки|стыда|любопытства|голода)|умру (?:от|со) (?:смеха|скуки|стыда)|"
        r"смертельно (?:устал\w*|скучно)|законч\w* (?:работу|проект|школу|университет|"
        r"учебу|ремонт|книгу|сериал)|режу (?:овощи|хлеб|лук|мясо)|мост\w* (?:между|через реку)|"
        r"прыгать от радости|крыша (?:едет|поехала)|жить (?:с|вместе|в|на|у|отдельно)|"
        r"без меня (?:не|начали|справились)|убью за|прибью|заплатить за|приедет (?:мама|"
        r"курьер|доставка)|(?:мама|мать|папа|отец|начальни\w*|босс|шеф) (?:меня )?убь\w*|"
        r"убь\w* (?:меня)?,? если узна\w*|лучше умереть, чем|лучше сдохнуть, чем|умираю, как|"
        r"убьет меня, "
        r"если узнает|угрожа\w* (?:уйти|развод\w*|забрать машину|рассказать))"
    ),
    laughter=_c(r"(?:ахах\w*|хаха\w*|\bлол\b|\bаха\b|😂|🤣|\)\)+)"),
    relationship=_c(
        r"(?:покончить с (?:отношениями|браком|ним|ней|этим романом)|закончить (?:отношения|"
        r"брак|с ним|с ней)|расстат\w*|развод\w*|попрощат\w* с (?:ним|ней|бывш\w*))"
    ),
    reported=_c(
        r"(?:спросил\w*|(?:говорит|сказал\w*|пишет|написал\w*|рассказал\w*),? что|"
        r"что делать,? если)"
    ),
    pro_drop=True,
)

LANGUAGES = {"en": EN, "es": ES, "ru": RU}
_LIFE = {
    "en": _c(
        r"(?:live|living|alive|be here|being here|this world|this earth|exist|wake up|waking up)"
    ),
    "es": _c(r"(?:vivir|viv|estar|este mundo|existir|despert|seguir)"),
    "ru": _c(r"(?:жить|живу|жизн|на этом свете|на свете|существоват|просыпат|проснут)"),
}

# Hopelessness about living: "I want to live" is not a risk, "why live" and "don't want to
# live" are.
_HOPELESS = {
    "en": _c(
        r"\b(?:no point|pointless|why (?:\w+ )?(?:live|bother|even|go on|keep|stay|be)|"
        r"what'?s (?:\w+ ){0,2}the point|point (?:of|in)|tired of|sick of|can'?t|cannot|"
        r"don'?t see|no reason|hate|no longer|anymore|"
        r"any more|done)\b"
    ),
    "es": _c(
        r"\b(?:para que|por que|sin sentido|no tiene sentido|cansad\w*|hart\w*|no puedo|"
        r"no le veo|ya no|odio|no hay razon|no quiero)\b"
    ),
    "ru": _c(
        r"(?:зачем|нет смысла|незачем|смысл|устал\w*|не могу|надоел\w*|не вижу|ненавиж\w*|"
        r"больше не|не хочу|не хочется|сил нет|нет сил)"
    ),
}
# Recovery or a dream: the risk is behind the writer, or was not real.
_RECOVERY = {
    "en": _c(
        r"\b(?:doing (?:better|well|okay|ok)|better now|safe now|i'?m safe|recovered|"
        r"in recovery|stopped wanting|that passed|it passed|clean for|nightmare|had a dream|"
        r"in (?:my|the) dream|"
        r"no longer feel|not anymore|years? (?:clean|free))\b"
    ),
    "es": _c(
        r"\b(?:estoy (?:mucho )?mejor|estoy bien|ya no (?:\w+ ){0,3}como antes|ahora ya no|"
        r"a salvo|pesadilla|sone|me ayudo|cumplo|llevo \w+ (?:anos|meses|dias) sin|"
        r"recuper\w*)\b"
    ),
    "ru": _c(
        r"(?:мне (?:уже )?лучше|все хорошо|всё хорошо|уже нет|в безопасности|сон\b|снилось|"
        r"приснил\w*|кошмар\w*|помогла терапия|терапия помогла|не хочу больше|выздор\w*)"
    ),
}
# A condition that is a safety plan: "if I ever want to die again, I'll call my sister".
_SAFETY_PLAN = {
    "en": _c(
        r"\bif\b.*\bi(?:'ll| will| would| am going to| promise to| can) (?:\w+ )?(?:call|text|"
        r"tell|reach out|go to|use my|leave|report)\b"
    ),
    "es": _c(
        r"\bsi\b.*\b(?:llamare|llamo|escribire|le dire|ire a|voy a llamar|hablare|me voy|"
        r"lo dejo|lo denuncio|denunciare)\b"
    ),
    "ru": _c(r"(?:\bесли\b|\bкогда\b).*(?:позвоню|напишу|скажу|пойду|обращусь|уйду|заявлю)"),
}
# Ending a relationship, named anywhere in the sentence, for "end"-type risk words.
_END_WORD = _c(
    r"^(?:end|acab|termin|законч|кончи|прекрат|покончи|goodbye|despedi|adios|прощ|попрощ)"
)
_RELATIONSHIP_NOUN = _c(
    r"\b(?:marriage|relationship|affair|engagement|friendship|relaci\w*|matrimonio|"
    r"noviazgo|amistad|lo nuestro|отношени\w*|брак\w*|роман\w*|дружб\w*)"
)
# Being somewhere, not being alive: "I don't want to be here at this party".
_PLACE_AFTER = {
    "en": _c(
        r"^\W+(?:at|in|on|for|with|during) (?:this|the|that|a|his|her|their|my)\b(?! (?:world|"
        r"earth|planet|life))"
    ),
    "es": _c(
        r"^\W+(?:en|con) (?:esta|este|la|el|su|mi|esa|ese)\b(?! (?:mundo|tierra|vida|planeta))"
    ),
    "ru": _c(r"^\W+(?:на|в|с) (?:этой|этом|этих|этот|его|ее|её)\b(?! (?:свет|мир|жизн))"),
}

# Medicine for an ordinary complaint, a short absence: "pills for my headache", "the kids
# will be fine without me for a weekend".
_BENIGN = _c(
    r"(?:\b(?:for (?:my |a |the )?(?:headache|migraine|cold|flu|allerg\w*|blood pressure|"
    r"period|back)|de la (?:tension|presion)|para (?:el|la) (?:dolor|cabeza|alergia|gripe|"
    r"resfriado|tension)|standard pack)\b|от (?:головн\w*|голов\w*|давлени\w*|аллерги\w*|"
    r"простуд\w*|изжог\w*)|(?:увеличил\w*|уменьшил\w*|снизил\w*|поменял\w*|выписал\w*|"
    r"прописал\w*) (?:мне )?доз|\b(?:subio|bajo|aumento|cambio|receto|ajusto) la dosis|"
    r"\b(?:increased|lowered|raised|changed|adjusted|prescribed|upped) (?:my |the )?dose|"
    r"\b(?:de viaje|de vacaciones|en el trabajo|en la oficina|on (?:holiday|vacation|a trip)|"
    r"at work|in the office|every (?:morning|day|night)|cada (?:manana|dia|noche)|como (?:dijo|"
    r"me dijo|indico) (?:el|la|mi) (?:medic\w*|doctor\w*)|(?:my|the) (?:doctor|gp) said)\b|"
    r"на работе|в офисе|в отпуске|в командировке|каждое утро|каждый день|как (?:сказал\w*|"
    r"прописал\w*) врач|не будет дома|(?:ужинайте|начинайте|ешьте|идите|езжайте) без меня|"
    r"\b(?:no estare en casa|won'?t be home|(?:start|eat|go ahead|begin) without me|(?:empezad|"
    r"empiecen|empieza|cenad|cenen|coman|comed|vayan|id) (?:a \w+ )?sin mi)\b)"
)
_TEMPORARY = _c(
    r"^\W*(?:\w+\W+){0,2}(?:for (?:a|one|the|this|two|a few) (?:weekend|day|night|week|hour|"
    r"while|trip)|this (?:weekend|saturday|sunday|week)|este (?:sabado|domingo|finde|fin de "
    r"semana)|unos dias|el fin de semana|на выходн\w*|пару дней|на неделю|несколько дней|"
    r"в субботу|в воскресенье)"
)
# Others are the subject by nature here: "they would be better off without me".
_BURDEN = _c(r"(?:without me|burden|sin mi|carga|без меня|обуз)")
# A second sign for oblique rows: "today is the last day, I've made my decision".
_DARK = {
    "en": _c(
        r"\b(?:die|dying|dead|death|suicid\w*|kill myself|end it|pills|tablets|rope|bridge|"
        r"jump|goodbye|can'?t (?:go on|do this|take)|anymore|no point|nobody|no one|hopeless|"
        r"forever|sorry|forgive|decision|last (?:day|night|message)|about to do|after|when i'?m|"
        r"them all|tonight|alone|tired|done|enough)\b"
    ),
    "es": _c(
        r"\b(?:morir|muerte|muert\w*|suicid\w*|matarme|acabar|pastillas|cuerda|puente|saltar|"
        r"adios|no puedo mas|ya no|sin sentido|nadie|para siempre|perdon\w*|decid\w*|ultimo|"
        r"voy a hacer|cuando no|todas|esta noche|sola|cansad\w*|basta|suficiente)\b"
    ),
    "ru": _c(
        r"(?:умер\w*|смерт\w*|суицид\w*|покончить|таблет\w*|веревк\w*|мост|прыгн\w*|прощ\w*|"
        r"больше не могу|не могу больше|нет смысла|никто|навсегда|простите|решил\w*|последн\w*|"
        r"сделаю|после меня|не станет|все|всё|сегодня ночью|одна|устал\w*|хватит)"
    ),
}
_ORDINARY = _c(
    r"(?:\b(?:job|work|shift|office|holiday|vacation|divorce|filing|moving|move|school|semester|"
    r"term|class|trip|contract|lease|said|yesterday|neighbou?r|baby|plasters?|trabajo|"
    r"oficina|vacaciones|divorci\w*|mudo|mudanza|escuela|clase|viaje|contrato|dije|ayer|bebe|"
    r"embarazada|tiritas|en casa)\b|работ\w*|отпуск\w*|развод\w*|переезж\w*|переезд\w*|"
    r"школ\w*|учеб\w*|поездк\w*|вчера|детск\w*|бинт\w*|очеред\w*|резкост\w*|на всякий случай)"
)
_PAST_CUE = _c(r"^(?:wanted|wished|queria|quise|quisiera|хотел\w*|хотелось)$")

_SENTENCE = re.compile(r"[^.!?\n\u2026]+[.!?\n\u2026]*")
_CLAUSE_BREAK = re.compile(
    r"[;:]| - |,\s*(?:but|pero|но|though|aunque|а)\s| (?:but|pero|но|though|although|aunque)\s|"
    r",? (?:and|so) (?=i |i'm |im |i've |i'll )|,? y (?=yo )|,? и (?=я )"
)
_WORD = re.compile(r"[\w']+")
_NEAR = 60  # characters around the risk word an idiom or laughter must fall in


def _clause_around(sentence: str, start: int, end: int) -> tuple[str, int]:
    """The clause the match is in, and the offset of that clause in the sentence."""
    left = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, start):
        left = m.end()
    m = _CLAUSE_BREAK.search(sentence, end)
    right = m.start() if m else len(sentence)
    return sentence[left:right], left


def _negated(lang: _Lang, before: str) -> bool:
    """Whether a negation sits in the three words just before ``before`` ends."""
    words = _WORD.findall(before)[-3:]
    return any(lang.negation.fullmatch(w) or w.endswith("n't") for w in words)


def _risk_fires(lang: _Lang, risk: _Risk, m: re.Match[str], sentence: str, following: str) -> bool:
    clause, offset = _clause_around(sentence, m.start(), m.end())
    start, end = m.start() - offset, m.end() - offset
    head, tail = clause[:start], clause[end:]
    near = sentence[max(0, m.start() - _NEAR) : m.end() + _NEAR]
    if lang.idiom.search(near) or lang.laughter.search(near):
        return False
    if lang.topic.search(clause):
        return False
    personal = risk.category in (SUICIDAL, SELF_HARM)
    if personal and lang.reported.search(head):
        return False
    if _BENIGN.search(clause):
        return False
    if lang.distant.search(sentence):
        sub_left = sentence.rfind(",", 0, m.start()) + 1
        sub_right = sentence.find(",", m.end())
        sub = sentence[sub_left : sub_right if sub_right >= 0 else len(sentence)]
        if not lang.present.search(sub):
            return False
    if _RECOVERY[lang.code].search(sentence):
        return False
    if _SAFETY_PLAN[lang.code].search(sentence):
        return False
    personal = risk.category in (SUICIDAL, SELF_HARM)
    if personal and lang.relationship.search(clause):
        return False
    if (
        personal
        and _END_WORD.match(m.group(0))
        and (_RELATIONSHIP_NOUN.search(sentence) or _RELATIONSHIP_NOUN.search(following))
    ):
        return False

    # Who: the writer, not someone else, for personal risks.
    if personal and not _BURDEN.search(m.group(0)):
        other_end = max((o.end() for o in lang.other_subject.finditer(head)), default=-1)
        self_end = max((o.end() for o in lang.self_marker.finditer(head)), default=-1)
        if other_end >= 0 and other_end >= self_end:
            return False
        if not lang.pro_drop and not lang.self_marker.search(clause) and other_end < 0:
            if lang.other_subject.search(clause):
                return False
    else:
        # Danger and assault: the writer (or their children) is the one at risk.
        if not lang.self_marker.search(clause) and "kid" not in clause and "hij" not in clause:
            if not (lang.pro_drop and risk.category == ASSAULT):
                return False

    # Negation of the risk word itself, or of the wish that governs it.
    life = bool(_LIFE[lang.code].match(m.group(0)))
    if life and _PLACE_AFTER[lang.code].match(tail):
        return False
    hopeless = _HOPELESS[lang.code]
    if (
        life
        and not risk.strong
        and not (hopeless.search(head) or hopeless.search(tail))
        and not (_negated(lang, head) and lang.cue.search(head))
    ):
        return False
    if _TEMPORARY.search(tail[:40]):
        return False
    if _negated(lang, head) and not risk.strong:
        if not life:
            return False
        if not lang.cue.search(head):
            return False  # "not alive" alone is not a wish; "don't want to live" is.
    if risk.company:
        if _ORDINARY.search(sentence):
            return False
        rest = sentence[: m.start()] + " | " + sentence[m.end() :] + " | " + following
        return bool(_DARK[lang.code].search(rest) or risk.regex.search(rest))
    if risk.strong or (life and (hopeless.search(head) or hopeless.search(tail))):
        return True

    if risk.category == DANGER:
        rest = clause[:start] + " | " + clause[end:]
        return bool(lang.danger_cue.search(rest))
    if risk.category == ASSAULT:
        return bool(lang.recent.search(clause) or lang.recent.search(sentence))
    cue = lang.cue.search(head) or lang.cue.search(tail)
    if cue is None:
        return False
    if _PAST_CUE.match(cue.group(0)) and not (
        lang.present.search(sentence) or lang.recent.search(sentence)
    ):
        return False
    # The cue itself negated ("I don't want to die"), unless the risk is about living.
    cue_head = clause[: cue.start()] if cue.start() < start else head
    if _negated(lang, cue_head) and not life:
        neg_words = _WORD.findall(cue_head)[-3:]
        if not any(w in ("can't", "cant", "cannot") for w in neg_words):
            return False
    return True


# --------------------------------------------------------------------------------------------
# Gate: a row is tried only when the message holds one of its word keys
# --------------------------------------------------------------------------------------------
#
# Chat sends every message through here, so a regex scan per row is too slow. At import, the
# words each row can start with are read off its parsed pattern (the longest word within the
# first few characters of every alternative, cut to four letters, as the phrase rules do);
# a message is then gated by one set intersection with its own word keys.

_KEY_SPAN = 30
_END = "\0"
_KEY_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")


def _prefixes(items: list, k: int) -> set[str]:
    found = {""}
    out: set[str] = set()
    for op, av in items:
        grown = set()
        for p in found:
            if len(p) >= k:
                out.add(p[:k] + _END)
                continue
            for q in _item_prefixes(op, av, k - len(p)):
                if q.endswith(_END):
                    out.add(p + q)
                else:
                    grown.add(p + q)
        found = grown
    return out | found


def _item_prefixes(op, av, k: int) -> list[str]:
    if op is _sc.LITERAL:
        return [chr(av)]
    if op is _sc.AT or op in (_sc.ASSERT, _sc.ASSERT_NOT):
        return [""]
    if op is _sc.IN:
        chars = []
        for o, a in av:
            if o is _sc.LITERAL:
                chars.append(chr(a))
            elif o is _sc.RANGE and a[1] - a[0] < 4:
                chars += [chr(x) for x in range(a[0], a[1] + 1)]
            else:
                return [_END]
        return chars
    if op is _sc.SUBPATTERN:
        return list(_prefixes(list(av[-1]), k))
    if op is _sc.BRANCH:
        return [q for alt in av[1] for q in _prefixes(list(alt), k)]
    if op in (_sc.MAX_REPEAT, _sc.MIN_REPEAT):
        low, high, sub = av
        once = list(_prefixes(list(sub), k))
        if high > 1:
            once = [o if o.endswith(_END) else o + _END for o in once]
        return ([""] if low == 0 else []) + once
    return [_END]


# Words too common to gate on: a row is gated on its next longest word instead.
_COMMON = frozenset(
    "going gonna with without over ever every everything today tonight about this that what "
    "when they have been will would could should just like after then there their some more "
    "into from your made take took back come coming need think still want feel "
    "todo toda todos esta este para como cuando quiero voy что это как все всё когда хочу "
    "for the to is a an i i'm im my me it in on of and or not no be at so he she his her "
    "de la el en que mi lo se los las un una por con ya es не я на в с меня мне он она и а "
    "night noche ночь day dia день".split()
)


def _key_of(prefix: str) -> str | None:
    complete = not prefix.endswith(_END)
    text = prefix.rstrip(_END)
    words = [
        (m.group(0), m.end() < len(text) or complete)
        for m in _KEY_WORD.finditer(text)
        if m.end() < len(text) or complete or len(m.group(0)) >= 4
    ]
    if not words:
        return None
    rare = [w for w in words if w[0] not in _COMMON and not (w[1] and w[0] in _COMMON)]
    word, whole = max(rare or words, key=lambda w: len(w[0]))
    # Long words are keyed on six letters (rarer), short ones on four, as the text is.
    return word[:6] if len(word) >= 6 else word[:4]


def _row_keys(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The word keys a match of ``regex`` must start with; ``None``: always try the row."""
    try:
        keys = {_key_of(p) for p in _prefixes(list(_sp.parse(regex.pattern)), _KEY_SPAN)}
    except Exception:  # pragma: no cover - an unusual pattern: never gate it out
        return None
    return None if None in keys or "" in keys else frozenset(keys)


_ROW_KEYS: dict[str, tuple[frozenset[str] | None, ...]] = {
    code: tuple(_row_keys(r.regex) for r in lang.risks) for code, lang in LANGUAGES.items()
}
_TEXT_STRIP = '.,;:!?"()[]{}«»-*_~…/'


_TEXT_TABLE = str.maketrans(dict.fromkeys(_TEXT_STRIP, " "))


def text_keys(text: str) -> set[str]:
    """The four- and six-letter word starts of ``text``, for the gate."""
    if text.isascii():
        words = set(text.translate(_TEXT_TABLE).split())
    else:
        words = {w.strip(_TEXT_STRIP) for w in text.replace("-", " ").split()}
    keys = {w[:4] for w in words}
    keys.update(w[:6] for w in words if len(w) > 5)
    keys.update(w.strip("'")[:4] for w in words if "'" in w)
    return keys


def compose_categories(
    text: str, codes: tuple[str, ...], keys: set[str] | None = None
) -> tuple[str | None, list[str]]:
    """Categories found by composing risk + writer + cue per clause of ``text``.

    ``text`` is already normalised with quotations removed; ``codes`` are the languages to
    read it in. Returns the language of the first finding (or ``None``) and the categories.
    """
    found: list[str] = []
    language: str | None = None
    sentences: list[str] | None = None
    if keys is None:
        keys = text_keys(text)
    for code in codes:
        lang = LANGUAGES[code]
        for risk, row_keys in zip(lang.risks, _ROW_KEYS[code], strict=True):
            if risk.category in found:
                continue
            if row_keys is not None and keys.isdisjoint(row_keys):
                continue
            if not risk.regex.search(text):
                continue
            if sentences is None:
                sentences = [m.group(0) for m in _SENTENCE.finditer(text)]
            if any(
                _risk_fires(lang, risk, m, s, sentences[i + 1] if i + 1 < len(sentences) else "")
                for i, s in enumerate(sentences)
                for m in risk.regex.finditer(s)
            ):
                found.append(risk.category)
                language = language or code
    return language, found
