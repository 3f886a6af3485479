"""Phrase lexicons of the crisis detector (English, Spanish, Russian).

Data only: the rules are read by :mod:`moderation.crisis`, which explains how they are applied.
Patterns are written in lower case and ordinary spelling (accents, "й", "ё"); the detector
folds their accents away, as :func:`moderation.textnorm.normalize_for_matching` does to the
text. They run over one sentence of normalised text at a time, with curly apostrophes already
turned into "'".

Wording follows safe-messaging practice: the patterns name what a person says about wanting
to die or to hurt themselves, or about being in danger now; they hold no method detail beyond
the few nouns needed to recognise a statement.

Each rule has:

- ``stems``: literal substrings, one of which every match contains. The detector only runs a
  rule on a sentence that holds one of its stems, which keeps chat fast.
- ``subject``: ``"self"`` when the sentence must be about the writer (found by scanning left
  from the match for "I", "я", a first-person verb form...), ``"any"`` when the pattern itself
  says who it is about ("myself", "me", "my life").
- ``pro_drop``: for ``"self"`` rules, whether a clause with no subject counts as the writer's:
  0 never, 1 when at least one auxiliary or adverb leads in ("feeling suicidal"), 2 always
  ("want to die." as a whole chat line). Spanish and Russian verbs carry the person, so their
  first-person rules use 2.
- ``negatable``: whether "not", "never", "no", "не"... just before the match cancel it. Rules
  whose meaning is itself negative ("don't want to live") are not negatable.
- ``tense``: ``"present"``, or ``"recent"`` for things that count only when they happened
  just now (an attempt, an assault): they need a recency cue ("tonight", "только что") and no
  distant one ("years ago").
- ``requires``: a cue set that must be in the sentence or next to it ("fear" for threats that
  are idioms without it: "my mum is going to kill me").
- ``unless_after``: a regex tried right after the match that turns it into an idiom or a
  different topic ("die of embarrassment", "end it with him").
- ``hyperbole``: the rule is dropped when the sentence laughs ("lol", "jaja", "хаха").
- ``example``: one phrase the rule must fire on; tests check each.

Named groups a pattern may use: ``past`` (the matched verb is in the past tense), ``now``
(the match itself says "just now").
"""

from __future__ import annotations

from dataclasses import dataclass

SUICIDAL = "suicidal_ideation"
SELF_HARM = "self_harm"
ASSAULT = "sexual_assault_now"
DANGER = "abuse_danger"


@dataclass(frozen=True)
class Rule:
    id: str
    category: str
    pattern: str
    stems: tuple[str, ...]
    example: str
    subject: str = "self"
    pro_drop: int = 0
    negatable: bool = True
    tense: str = "present"
    requires: str | None = None
    unless_after: str | None = None
    hyperbole: bool = False


@dataclass(frozen=True)
class LanguageCues:
    """Closed word classes and cue phrases the detector needs for one language."""

    code: str
    self_subjects: frozenset[str]
    other_subjects: frozenset[str]
    fillers: frozenset[str]
    negators: frozenset[str]
    neutralizers: frozenset[str]
    past_markers: frozenset[str]
    perfect_markers: frozenset[str]
    boundaries: frozenset[str]
    blockers: frozenset[str]
    reporting: frozenset[str]
    recency: str
    distant: str
    laughter: str
    frames: str
    cues: dict[str, str]
    stopwords: frozenset[str]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------

_EN_NT = r"(?:n't|nt| not)"
_EN_I = r"(?:i|i'm|im|i am|i've|ive|i have|i'd|id|i would|i will|i'll)"

EN_CUES = LanguageCues(
    code="en",
    self_subjects=_words("i i'm im i've ive i'd i'll me myself"),
    other_subjects=_words(
        "he she they you we it he's she's they're you're we're he'd she'd they'd you'd "
        "he'll she'll they'll you'll people someone somebody everyone everybody who "
        "him her them his their"
    ),
    fillers=_words(
        "am m do does did really just honestly truly seriously literally still sometimes "
        "often always constantly kinda kind sort of actually totally so very feel feeling "
        "feels like want wanna want to going gonna will would could might may should "
        "need needs have has been being keep keeps kept thinking think about considering "
        "planning plan ready almost nearly also too even ever genuinely lowkey simply now "
        "right tonight today again a an the strong urge urges having had fighting "
        "thoughts thought of starting started start begin beginning wish wishing hope "
        "hoping pray praying seem seems to only all day every night anymore already "
        "desperately badly fucking freaking bloody secretly quietly deeply constantly "
        "part getting more most much this week these days lately tried trying try "
        "decided deciding seriously get got can could would've going to really hard "
        "stop quit help shake stopping"
    ),
    negators=_words(
        "not never don't dont doesn't doesnt didn't didnt won't wont wouldn't wouldnt "
        "can't cant cannot couldn't couldnt shouldn't isn't isnt aren't ain't no nor "
        "neither hardly resisted resist resisting longer without"
    ),
    neutralizers=_words("stop quit help shake stopping seem"),
    past_markers=_words(
        "was were had used tried attempted wanted felt once almost nearly thought considered"
    ),
    perfect_markers=_words("have has i've ive been"),
    boundaries=_words("and but because cause cuz though although yet or then while since"),
    blockers=_words("if whether unless"),
    reporting=_words(
        "asked asks ask asking told tells tell telling said says say saying thinks believes "
        "claims claimed accused accuses pretend pretending joked joking wrote writes texted "
        "texts screamed yelled"
    ),
    recency=(
        r"\b(?:tonight|today|this (?:morning|evening|afternoon|weekend)|last night|yesterday|"
        r"an? (?:hour|few hours|couple (?:of )?hours|minute|few minutes) ago|"
        r"\w+ (?:hours|minutes) ago|earlier|right now|just now|again|on purpose|"
        r"deliberately|moments ago)\b"
    ),
    distant=(
        r"\b(?:\w+ )?(?:years?|months?|decades?) ago\b|\bwhen i was\b|"
        r"\bas a (?:kid|child|teen|teenager|student)\b|"
        r"\bin (?:high school|middle school|college|university|my (?:teens|twenties|youth))\b|"
        r"\bback (?:then|in)\b|\bused to\b|\bin the past\b|\bonce\b|"
        r"\blast (?:year|summer|spring|winter|fall|autumn)\b|\bin (?:19|20)\d\d\b|"
        r"\bat (?:age )?\d{1,2}\b|\byears\b|\bthat was\b"
    ),
    laughter=r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk)\b|\U0001f602|\U0001f923|\U0001f605",
    frames=(
        r"\bhow (?:do|can|should|to|would|could) (?:i |we |you )?(?:best )?"
        r"(?:help|support|talk to|respond|comfort|reach)\b|\bwarning signs\b|"
        r"\bif you(?:'re| are)? (?:feel|feeling|thinking|having|ever|are)\b|"
        r"\bwhat (?:to do|should i do|do i do|do you do|do i say) (?:if|when)\b|"
        r"\bsigns (?:that|of)\b|\barticle\b|\bresearch\b|\bstud(?:y|ies)\b"
    ),
    cues={
        "fear": (
            r"\b(?:scared|afraid|terrified|frightened|help me|please help|panicking|"
            r"shaking|hiding|call (?:the )?police|call 911|danger)\b"
        ),
        "now": r"\b(?:right now|now|tonight|about to|going to jump|want to jump)\b",
    },
    stopwords=_words(
        "i the to and of my is it in that you want he she was with for this have be just "
        "don't can't i'm not what but so are at his her they do me"
    ),
)

_EN_DIE_TAIL = (
    r" (?:of|from|laughing|inside|a little|alone with|when (?:i|he|she) (?:see|hear|saw))\b"
)
_EN_RELATIONSHIP_TAIL = r"\s*(?:with|between|off|for (?:him|her|us|them)|in (?:this|my|our))\b"

EN_RULES: tuple[Rule, ...] = (
    Rule(
        "en.want_die",
        SUICIDAL,
        r"\b(?:(?P<past>wanted|wished|decided|needed)|want|wanna|wish|need|ready|deserve|"
        r"plan(?:ning)?|tempted|deciding|would like|'d like|just want|trying|wanting) "
        r"(?:to )?die\b",
        stems=("die",),
        example="I just want to die",
        pro_drop=2,
        unless_after=_EN_DIE_TAIL,
        hyperbole=True,
    ),
    Rule(
        "en.part_of_me",
        SUICIDAL,
        r"\bpart of me (?:wants|wanted|is ready) to (?:die|disappear|be dead|not exist)\b",
        stems=("part of me",),
        example="part of me wants to die",
        subject="any",
    ),
    Rule(
        "en.wish_dead",
        SUICIDAL,
        r"\bwish(?:ing)? (?:that )?i (?:was|were|'d|had|could|would|am|never) (?:just )?"
        r"(?:be )?(?:dead|die|never (?:been )?born|never (?:woken|wake) up|not (?:alive|here|born)|"
        r"stop existing|cease to exist|disappear (?:forever|for good)|"
        r"go to sleep and (?:not|never) wake up|fall asleep and (?:not|never) wake up)",
        stems=("wish",),
        example="I wish I was dead",
        pro_drop=2,
    ),
    Rule(
        "en.kill_myself",
        SUICIDAL,
        r"\b(?:(?P<past>killed)|kill|killing) ?myself\b|\bkms\b",
        stems=("myself", "kms", "killmyself"),
        example="I am going to kill myself",
        subject="any",
        unless_after=r" (?:laughing|if i (?:have to|hear|see)|over (?:this|a|the))\b",
        hyperbole=True,
    ),
    Rule(
        "en.suicide_act",
        SUICIDAL,
        r"\b(?:(?P<past>committed|attempted|considered)|commit|committing|attempt|attempting|"
        r"consider|considering|contemplating|planning) suicide\b",
        stems=("suicide",),
        example="I'm considering suicide",
        pro_drop=1,
    ),
    Rule(
        "en.suicidal",
        SUICIDAL,
        r"\bsuicidal\b",
        stems=("suicidal",),
        example="I'm feeling suicidal tonight",
        pro_drop=1,
    ),
    Rule(
        "en.thinking_about",
        SUICIDAL,
        r"\b(?:(?P<past>thought|fantasi[sz]ed|dreamed|dreamt)|think|thinking|thoughts|"
        r"fantasi[sz]e|fantasi[sz]ing|dream|dreaming|"
        r"obsessing|obsessed) (?:about|of) (?:dying|being dead|not being alive|not waking up|"
        r"not existing|my (?:own )?death|suicide|killing myself|ending (?:it|my life|everything|"
        r"it all)|taking my (?:own )?life|not being here)\b",
        stems=(
            "dying",
            "dead",
            "alive",
            "waking",
            "existing",
            "death",
            "suicide",
            "killing",
            "ending",
            "life",
            "being here",
        ),
        example="I can't stop thinking about ending it",
        pro_drop=1,
        unless_after=_EN_RELATIONSHIP_TAIL,
    ),
    Rule(
        "en.end_my_life",
        SUICIDAL,
        r"\b(?:(?P<past>ended|took)|end|ending|take|taking) my (?:own )?life\b",
        stems=("my life", "my own life"),
        example="I want to end my life",
        subject="any",
        unless_after=r" (?:back|into|in (?:my|your) (?:own )?hands|as i know it)\b",
    ),
    Rule(
        "en.end_it_all",
        SUICIDAL,
        r"\bend(?:ing)? (?:it all|everything|it for good|it tonight|it today|it now|"
        r"it once and for all|this life)\b",
        stems=("end", "ending"),
        example="I'm going to end it all",
        pro_drop=2,
        unless_after=_EN_RELATIONSHIP_TAIL,
    ),
    Rule(
        "en.end_it",
        SUICIDAL,
        r"\b(?:want|wanna|going|gonna|plan(?:ning)?|ready|decided|about|need|have) to end it"
        r"(?=\s*(?:$|[.!?,;]|tonight|now|today|for good|soon|already|forever|\.\.\.))",
        stems=("end it",),
        example="I'm ready to end it",
        pro_drop=2,
    ),
    Rule(
        "en.not_want_live",
        SUICIDAL,
        r"\b(?:don't|dont|do not|no longer|never|(?P<past>didn't|didnt|did not)) "
        r"(?:really |even |honestly |actually |want to )?(?:want|wanna|wish|care) (?:to )?"
        r"(?:live|be alive|exist|be here|wake up|be on this earth|go on|keep going|"
        r"keep living|be around|stay alive)\b(?! (?:with|in|at|near|there|together|under|on)\b)",
        stems=("live", "alive", "exist", "here", "wake", "go on", "going", "living", "around"),
        example="I don't want to be here anymore",
        negatable=False,
        pro_drop=2,
    ),
    Rule(
        "en.unsure_live",
        SUICIDAL,
        r"\b(?:not sure|don't know|dont know|do not know|doubt) (?:if |whether |that )?"
        r"i (?:want|wanna|can) (?:to )?(?:live|be alive|go on|keep going|keep living|survive)\b",
        stems=("live", "alive", "go on", "going", "survive"),
        example="I'm not sure I want to live",
        subject="any",
        negatable=False,
    ),
    Rule(
        "en.cant_go_on",
        SUICIDAL,
        r"\b(?:can't|cant|cannot|can not|(?P<past>couldn't|couldnt)) (?:go on|keep going|"
        r"keep living|live like this|go on living|go on like this|do life|bear to live|"
        r"face another day|see a way out|see the point (?:of|in) (?:living|life|going on|"
        r"anything))\b(?!\s+(?:with|to|in|at|a|an|the|our|his|her|this|that|dates?|"
        r"vacation|holiday|trips?|pretending)\b)",
        stems=("go on", "going", "living", "live", "life", "another day", "way out", "point"),
        example="I can't go on",
        negatable=False,
        pro_drop=2,
    ),
    Rule(
        "en.no_point",
        SUICIDAL,
        r"\b(?:no|don't see (?:the|any)|dont see (?:the|any)|can't see (?:the|any)|"
        r"cannot see (?:the|any)|lost (?:the|all|any)|what's the|whats the|what is the) "
        r"(?:point|reason|purpose) (?:in |to |for me to |of |in me )?(?:living|live|life|"
        r"being alive|going on|being here|staying alive|waking up|wake up|existing|"
        r"keep going|keeping going|carrying on|trying anymore)\b",
        stems=("point", "reason", "purpose"),
        example="there is no point in living anymore",
        subject="any",
        negatable=False,
    ),
    Rule(
        "en.not_worth",
        SUICIDAL,
        r"\b(?:life|living|my life) (?:isn't|is not|ain't|is no longer|isnt) worth "
        r"(?:living|it)\b|\bnot worth living\b",
        stems=("worth",),
        example="life isn't worth living",
        subject="any",
        negatable=False,
    ),
    Rule(
        "en.better_off",
        SUICIDAL,
        r"\bbetter off (?:without me|if i (?:was|were|wasn't|weren't|am|'m) (?:dead|gone|"
        r"not here|not around|here|around)|if i (?:died|disappeared|didn't exist|was never born|"
        r"killed myself)|with me (?:dead|gone))\b|"
        r"\b(?:happier|better) if i (?:just )?(?:died|was dead|"
        r"were dead|was gone|were gone|disappeared forever|disappeared for good|"
        r"killed myself|didn't exist|wasn't alive|weren't alive)\b|"
        r"\bi(?:'d| would| am|'m)? (?:be )?better off dead\b",
        stems=("better off", "happier if", "better if"),
        example="everyone would be better off without me",
        subject="any",
    ),
    Rule(
        "en.no_one_miss",
        SUICIDAL,
        r"\b(?:no one|nobody|noone|no-one) (?:\w+ ){0,3}(?:miss me|notice|care|mind)"
        r"(?: me)?(?: (?:if|when|that|once) i(?:'m| was| were| am| just)? (?:gone|dead|died|die|"
        r"disappeared|disappear|wasn't here|weren't here|wasn't around|weren't around|"
        r"not here|not around|stopped existing|killed myself|didn't exist|no longer here|"
        r"didn't wake up))?\b",
        stems=("no one", "nobody", "noone", "no-one"),
        example="nobody would miss me if I was gone",
        subject="any",
        negatable=False,
    ),
    Rule(
        "en.never_wake",
        SUICIDAL,
        r"\b(?:go to sleep|fall asleep|sleep|close my eyes|drift off) and (?:never|not) "
        r"(?:wake up|open them again)\b|\b(?:hope|pray|praying|hoping|wish) (?:that )?i "
        r"(?:don't|do not|never|won't|will not|wouldn't) wake up\b|"
        r"\bnever (?:want to|wanna) wake up\b",
        stems=("wake",),
        example="I hope I don't wake up tomorrow",
        subject="any",
        negatable=False,
    ),
    Rule(
        "en.all_to_end",
        SUICIDAL,
        r"\bwant (?:it all|everything|all of (?:it|this)|my life|this life|life) to "
        r"(?:end|be over|stop for good|stop forever)\b",
        stems=("to end", "be over", "to stop"),
        example="I want it all to end",
        pro_drop=2,
    ),
    Rule(
        "en.tired_living",
        SUICIDAL,
        r"\b(?:tired|sick|exhausted|done) (?:of|with) (?:living|being alive|existing|"
        r"life itself|this life|being here|waking up|life)\b(?=\s*(?:$|[.!?,;]|anymore|"
        r"altogether|completely|and|like this|this way))",
        stems=("living", "alive", "existing", "life", "being here", "waking up"),
        example="I'm so tired of living",
        pro_drop=1,
    ),
    Rule(
        "en.rather_dead",
        SUICIDAL,
        r"\b(?:rather|prefer to) (?:be dead|die|not (?:be alive|exist|wake up))\b(?! than)",
        stems=("rather", "prefer"),
        example="I'd rather be dead",
        pro_drop=0,
    ),
    Rule(
        "en.plan",
        SUICIDAL,
        r"\bi(?:'ve|ve| have| had)?(?: (?:got|made|already|finally|now|even|worked out|"
        r"figured out))* (?:a|my|the) (?:plan|date)(?: now| already| tonight| ready| too|"
        r" figured out| in place)?(?=\s*(?:$|[.!,;]|to (?:end|kill|die|do it|take|go through)|"
        r"and (?:the|i|a)\b|for (?:how|when|tonight|it)\b))",
        stems=("plan", "date"),
        example="I have a plan.",
        subject="any",
    ),
    Rule(
        "en.stockpile",
        SUICIDAL,
        r"\b(?:saving|hoarding|stockpiling|collecting) (?:up )?(?:my |the |all my )?"
        r"(?:pills|meds|medication|tablets)\b",
        stems=("pills", "meds", "medication", "tablets"),
        example="I've been saving up my pills",
        pro_drop=1,
    ),
    Rule(
        "en.goodbye",
        SUICIDAL,
        r"\b(?:suicide note|goodbye (?:note|letter)s?|goodbye forever|goodbye cruel world|"
        r"my final goodbye|this is my (?:last|final) (?:message|post|goodbye)|"
        r"won't be (?:around|here) (?:much longer|for long|by (?:morning|tomorrow)))\b",
        stems=("note", "letter", "goodbye", "last", "final", "longer", "by "),
        example="I wrote my suicide note",
        subject="any",
    ),
    Rule(
        "en.jump",
        SUICIDAL,
        r"\b(?:want|wanna|going|gonna|about|ready|planning|need) to jump(?: off)?\b"
        r"(?! (?:in|into|on|at|ship|through|the gun|to conclusions|for joy|back|start|around)\b)",
        stems=("jump",),
        example="I'm going to jump",
        pro_drop=2,
    ),
    Rule(
        "en.on_the_edge_now",
        SUICIDAL,
        r"\b(?:on|at) (?:the|a|this|my) (?:bridge|roof|rooftop|ledge|train tracks|tracks|"
        r"edge of (?:the|a) (?:bridge|roof|cliff|building))\b",
        stems=("bridge", "roof", "rooftop", "ledge", "tracks", "edge"),
        example="I'm on the bridge right now",
        subject="any",
        requires="now",
    ),
    Rule(
        "en.took_pills",
        SUICIDAL,
        r"\b(?:(?P<past>took|swallowed)|taken|have taken|'ve taken) (?:all (?:of )?(?:my |the )?|"
        r"a bunch of (?:my )?|a handful of |too many |way too many |the whole (?:bottle|pack|box) "
        r"of |loads of |lots of |\d{2,} )(?:sleeping )?(?:pills|tablets|meds|painkillers)\b",
        stems=("pills", "tablets", "meds", "painkillers"),
        example="I've taken all my pills",
        subject="any",
    ),
    Rule(
        "en.burden",
        SUICIDAL,
        r"\b(?:i'm|i am|im|feel like|feel like i'm|i'm just|i am just) (?:such |a |just a |"
        r"nothing but a |only a )?(?:huge |big |total |massive )?burden(?: to (?:everyone|"
        r"everybody|my family|them|all))?\b",
        stems=("burden",),
        example="I'm just a burden to everyone",
        subject="any",
    ),
    Rule(
        "en.disappear_forever",
        SUICIDAL,
        r"\b(?:want|wanna|going|ready|need|wish i could) (?:to )?(?:disappear|vanish|go away|"
        r"be gone) (?:forever|for good|and never (?:come back|return|be found|wake up))\b"
        r"(?! (?:from|to|with|on|in|at)\b)",
        stems=("disappear", "vanish", "away", "gone"),
        example="I want to disappear forever",
        pro_drop=2,
    ),
    Rule(
        "en.farewell",
        SUICIDAL,
        r"\b(?:said|saying|say|made) (?:all )?my goodbyes\b|\b(?:this is|consider this) "
        r"(?:my )?goodbye\b|\bit (?:will|'ll) all be over (?:tonight|soon|tomorrow)\b",
        stems=("goodbyes", "goodbye", "over"),
        example="I've said my goodbyes",
        subject="any",
    ),
    # Self-harm
    Rule(
        "en.want_self_harm",
        SELF_HARM,
        r"\b(?:want|wanna|need|going|gonna|urge|urges|tempted|about|craving|itching|trying not"
        r"|fighting the urge|struggling not) to (?:self[- ]?harm|hurt myself|harm myself|"
        r"burn myself|hit myself|cut(?: myself| my (?:arms?|wrists?|legs?|thighs?|skin|body))?)"
        r"(?! (?:him|her|them|you|off|out|back|down|ties|contact|loose|corners|class|school|"
        r"my (?:losses|hair|nails|fringe|bangs)|carbs|sugar|people|everyone|things|it|that|this|"
        r"a|the|some|through|in|across)\b)",
        stems=("harm", "hurt", "burn", "cut", "hit", "selfharm"),
        example="I want to hurt myself",
        pro_drop=1,
        unless_after=r" (?:off|out|short|slack|loose|back|down)\b",
    ),
    Rule(
        "en.self_harming",
        SELF_HARM,
        r"\b(?:self[- ]?harming|hurting myself|harming myself|burning myself|"
        r"cutting myself|cutting(?=\s*(?:$|[.!?,;]|again|every|daily|more|and)))\b",
        stems=("harming", "hurting", "burning", "cutting", "selfharming"),
        example="I've been cutting again",
        unless_after=r" (?:off|out|short|slack|loose|back|down|some slack)\b",
    ),
    Rule(
        "en.self_harmed",
        SELF_HARM,
        r"\b(?:cut|hurt|burned|burnt|harmed|self[- ]?harmed|scratched) myself\b|"
        r"\bself[- ]?harmed\b",
        stems=("myself", "harmed", "selfharmed"),
        example="I cut myself again tonight",
        tense="recent",
        subject="any",
        unless_after=(
            r" (?:off|shaving|cooking|chopping|by accident|accidentally|at|on (?:a|the|some|"
            r"broken)|while|when|playing|lifting|running|skiing|working|slack|short|loose)\b"
        ),
    ),
    Rule(
        "en.relapse_self_harm",
        SELF_HARM,
        r"\brelapsed (?:on|with|into) (?:self[- ]?harm|cutting|sh)\b",
        stems=("relapsed",),
        example="I relapsed on self-harm last night",
        tense="recent",
        pro_drop=1,
    ),
    # Sexual assault, now
    Rule(
        "en.was_raped",
        ASSAULT,
        r"\bi (?:was|got|have been|'ve been|ve been|think i was|think i got|think i've been) "
        r"(?P<now>just )?(?:raped|sexually assaulted|assaulted|molested|drugged|roofied|spiked|"
        r"attacked)\b",
        stems=("raped", "assaulted", "molested", "drugged", "roofied", "spiked", "attacked"),
        example="I was just raped",
        subject="any",
        tense="recent",
    ),
    Rule(
        "en.raped_me",
        ASSAULT,
        r"\b(?P<now>just )?(?:raped|sexually assaulted|assaulted|molested|drugged|roofied|"
        r"spiked|forced (?:himself|herself|themselves) on) me\b|\bforced me (?:into sex|"
        r"to have sex)\b|\bmy drink (?:was|got) "
        r"(?P<now2>just )?(?:spiked|drugged)\b",
        stems=("raped", "assaulted", "molested", "drugged", "roofied", "spiked", "forced"),
        example="he raped me an hour ago",
        subject="any",
        tense="recent",
    ),
    Rule(
        "en.being_assaulted",
        ASSAULT,
        r"\b(?:is|'s|are|'re|keeps) (?:raping|forcing (?:himself|herself|themselves) on|"
        r"assaulting|molesting|forcing me to have sex)\b",
        stems=("raping", "forcing", "assaulting", "molesting"),
        example="he is forcing himself on me",
        subject="any",
    ),
    # Danger from another person, now
    Rule(
        "en.threatened_kill",
        DANGER,
        r"\b(?:threaten(?:ed|ing|s)?|threat) to (?:kill|hurt|shoot|stab) me\b|"
        r"\b(?:said|says|swore|swears|screaming|yelling|told me) (?:that )?(?:he|she|they)"
        r"(?:'ll|'d| will| would| is going to| was going to|'s going to|'s gonna| is gonna) "
        r"(?:kill|hurt|shoot|stab) me\b",
        stems=("kill me", "hurt me", "shoot me", "stab me"),
        example="he threatened to kill me",
        subject="any",
        tense="threat",
    ),
    Rule(
        "en.going_to_kill_me",
        DANGER,
        r"\b(?:going to|gonna|will|'ll|is trying to|tried to|wants to|want to) "
        r"(?:kill|hurt|shoot|stab|strangle) me\b",
        stems=("kill me", "hurt me", "shoot me", "stab me", "strangle me"),
        example="I'm scared he is going to kill me",
        subject="any",
        requires="fear",
        hyperbole=True,
    ),
    Rule(
        "en.outside_door",
        DANGER,
        r"\b(?:outside|at|banging on|pounding on|kicking|breaking (?:down|in)|trying to "
        r"(?:get|break) in(?:to)?) (?:my|the) (?:front )?(?:door|house|place|window|apartment|"
        r"flat|room|car)\b|\btrying to (?:get|break) in\b",
        stems=(
            "door",
            "house",
            "place",
            "window",
            "apartment",
            "flat",
            "room",
            "car",
            "break in",
            "get in",
        ),
        example="he is outside my door and I'm scared",
        subject="any",
        requires="fear",
    ),
    Rule(
        "en.weapon",
        DANGER,
        r"\b(?:has|'s got|got|is holding|pulled|grabbed|is waving) (?:a|his|her) "
        r"(?:gun|knife|weapon)\b",
        stems=("gun", "knife", "weapon"),
        example="he has a gun and I'm scared",
        subject="any",
        requires="fear",
    ),
    Rule(
        "en.being_hurt",
        DANGER,
        r"\b(?:is|'s|are|'re|keeps) (?:hitting|beating|choking|strangling|hurting|punching|"
        r"kicking) me\b",
        stems=("hitting", "beating", "choking", "strangling", "hurting", "punching", "kicking"),
        example="he is hitting me right now",
        subject="any",
    ),
    Rule(
        "en.hurt_me_recent",
        DANGER,
        r"\b(?:hit|beat|choked|strangled|punched|kicked) me\b",
        stems=("hit me", "beat me", "choked me", "strangled me", "punched me", "kicked me"),
        example="he choked me tonight",
        subject="any",
        tense="recent",
    ),
    Rule(
        "en.fear_for_life",
        DANGER,
        r"\b(?:scared|afraid|terrified|fear|fearing) (?:for my (?:life|safety)|"
        r"(?:that )?(?:he|she|they)(?:'ll| will| is going to|'s going to|'s gonna| might) "
        r"(?:kill|hurt|find) me)\b|\bi(?:'m| am) in danger\b|"
        r"\bi(?:'m| am) not safe(?: here| at home| right now| tonight| now)?\b(?! (?:in|with) "
        r"(?:this|my|our) (?:marriage|relationship))",
        stems=("scared", "afraid", "terrified", "fear", "fearing", "danger", "safe"),
        example="I'm terrified he will kill me",
        subject="any",
    ),
    Rule(
        "en.wont_let_leave",
        DANGER,
        r"\b(?:won't|will not|wont|doesn't|isn't) let(?:ting)? me (?:leave|go|out)\b|"
        r"\blocked me in\b|\bi(?:'m| am) (?:hiding|locked in) (?:from him|from her|from them|"
        r"in the (?:bathroom|closet)|in my room)\b",
        stems=("let me", "letting me", "locked", "hiding"),
        example="he won't let me leave and I'm scared",
        subject="any",
        negatable=False,
        requires="fear",
    ),
)

# --------------------------------------------------------------------------------------------
# Spanish
# --------------------------------------------------------------------------------------------

ES_CUES = LanguageCues(
    code="es",
    self_subjects=_words("yo"),
    other_subjects=_words(
        "el ella ellos ellas usted ustedes tu nosotros quiere quieren va van dice dicen dijo "
        "amenaza piensa cree siente"
    ),
    fillers=_words(
        "ya realmente de verdad solo nada mas a veces siempre todavia aun tambien muy tanto "
        "mucho en serio me tengo ganas pensando pienso estoy estado he voy quiero necesito "
        "puedo intentando seguir sigo otra vez literalmente honestamente simplemente hoy "
        "noche esta sinceramente la neta bueno pues casi solamente tantas tantisimas "
        "muchas unas deseo deseos quisiera podria dejar dejo parar paro evitar dejado "
        "parado sentir siento pensar idea ideas en de alguna vez pensado pensamientos llevo "
        "dias semanas meses querido deseado"
    ),
    negators=_words("no nunca jamas tampoco ni sin"),
    neutralizers=_words("dejar dejo parar paro evitar evito sacarme quitarme dejado parado"),
    past_markers=_words("queria quise intente trate pense pensaba estaba estuve fui habia solia"),
    perfect_markers=_words("he"),
    boundaries=_words("y pero porque que aunque pues entonces e o mientras"),
    blockers=_words("si"),
    reporting=_words(
        "pregunto preguntaba preguntaron dijo dice dicen decia cree piensa conto escribio "
        "comento acuso"
    ),
    recency=(
        r"\b(?:anoche|hoy|esta (?:noche|mañana|tarde)|ayer|hace (?:un rato|unos minutos|"
        r"una hora|unas horas|poco|nada|minutos|\w+ horas?)|ahora mismo|recién|otra vez|"
        r"de nuevo|ahorita)\b"
    ),
    distant=(
        r"\bhace (?:\w+ )?(?:años|año|meses|mes|semanas|tiempo|mucho)\b|"
        r"\bcuando (?:tenía|era|estaba en|iba)\b|"
        r"\bde (?:niña|niño|adolescente|joven|pequeña|pequeño)\b|\ben el pasado\b|"
        r"\ben (?:la )?(?:secundaria|prepa|universidad|escuela|facultad)\b|\bsolía\b|"
        r"\ben (?:19|20)\d\d\b|\bel año pasado\b|\ba los \d{1,2}\b|\buna vez\b"
    ),
    laughter=r"\b(?:jaja\w*|jeje\w*|jiji\w*|xd|lol)\b|\U0001f602|\U0001f923",
    frames=(
        r"\bcómo (?:puedo|podemos|se puede|debo) (?:ayudar|apoyar|hablar con|acompañar)\b|"
        r"\bseñales de (?:alerta|advertencia)\b|\bsi (?:tú|usted)? ?(?:tienes|tiene|sientes|"
        r"siente|estás|está) (?:pensamientos|pensando|ideas)\b|\bartículo\b|\bestudio\b"
    ),
    cues={
        "fear": (
            r"\b(?:miedo|asustad[ao]|aterrad[ao]|ayuda|ayúdenme|auxilio|socorro|"
            r"escondid[ao]|temblando|pánico|policía)\b"
        ),
    },
    stopwords=_words(
        "que de no la el y me mi quiero estoy por para con una es lo se en los las muy pero "
        "ya todo nada porque sin hoy él ella yo más"
    ),
)

_ES_DIE_TAIL = (
    r" (?:antes (?:de|que)|que volver|de (?:risa|vergüenza|ganas|hambre|sueño|frío|calor|amor|"
    r"envidia|miedo|aburrimiento|"
    r"pena|celos|la risa|la vergüenza)|por (?:verte|ver|saber|ir|ti|él|ella|conocer))"
)

ES_RULES: tuple[Rule, ...] = (
    Rule(
        "es.quiero_morir",
        SUICIDAL,
        r"\b(?:(?P<past>quería|quise|quería|deseaba)|quiero|quisiera|deseo|necesito|prefiero)"
        r"(?: es)? (?:morir(?:me)?|estar muert[oa]|dejar de existir|desaparecer para siempre)\b|"
        r"\bme (?:(?P<past2>quería|quise)|quiero|quisiera) morir\b|"
        r"\bganas de (?:morir(?:me)?|estar muert[oa]|dejar de existir|no existir)\b",
        stems=("morir", "muert", "existir", "desaparecer"),
        example="me quiero morir",
        pro_drop=2,
        unless_after=_ES_DIE_TAIL,
        hyperbole=True,
    ),
    Rule(
        "es.ojala_muerta",
        SUICIDAL,
        r"\bojalá (?:me muriera|me muera|estuviera muert[oa]|no despertar|no despierte|"
        r"no despertara|no haber nacido|no existiera|desapareciera)\b",
        stems=("ojala",),
        example="ojalá estuviera muerta",
        subject="any",
        negatable=False,
    ),
    Rule(
        "es.matarme",
        SUICIDAL,
        r"\b(?:matarme|suicidarme|quitarme la vida|me (?:voy a|quiero|pienso|tengo que) "
        r"(?:matar|suicidar|quitar la vida)|me mato|me suicido|me voy a suicidar|"
        r"acabar con mi vida|terminar con mi vida|poner fin a mi vida|quitarme de en medio)\b",
        stems=("matar", "mato", "suicid", "vida", "medio"),
        example="voy a suicidarme",
        pro_drop=2,
        unless_after=r" (?:trabajando|estudiando|de risa|a trabajar|corriendo|en el gym)",
        hyperbole=True,
    ),
    Rule(
        "es.pienso_en",
        SUICIDAL,
        r"\b(?:pienso|pensando|pensado|pensar|pensaba) (?:mucho |todo el tiempo |seriamente )?"
        r"(?:en|sobre) (?:el suicidio|suicidarme|matarme|morir(?:me)?|quitarme la vida|"
        r"acabar con todo|acabar con mi vida)\b",
        stems=("suicid", "matar", "morir", "vida", "todo"),
        example="llevo días pensando en el suicidio",
        pro_drop=2,
    ),
    Rule(
        "es.ideas_suicidas",
        SUICIDAL,
        r"\b(?:pensamientos|ideas|ganas) (?:suicidas|de suicidio|de suicidarme)\b",
        stems=("suicid",),
        example="tengo pensamientos suicidas",
        pro_drop=1,
    ),
    Rule(
        "es.no_quiero_vivir",
        SUICIDAL,
        r"\bno (?:(?P<past>quería|quise)|quiero|deseo|tengo ganas de|puedo|aguanto) "
        r"(?:seguir )?(?:vivir|viviendo|estar viv[oa]|existir|estar aquí|despertar|"
        r"seguir aquí|seguir)\b(?=\s*(?:$|[.!?,;]|más|ya|así|nunca|sin|mañana|y\b|nada|"
        r"ni\b))",
        stems=("vivi", "vivir", "vivo", "viva", "existir", "aqui", "despertar", "seguir"),
        example="ya no quiero vivir",
        negatable=False,
        pro_drop=2,
    ),
    Rule(
        "es.mejor_sin_mi",
        SUICIDAL,
        r"\bmejor sin mí\b|\bmejor si (?:me muero|yo no estuviera|no estuviera|desaparezco|"
        r"no existiera|muriera)\b|\bmejor muert[oa]\b",
        stems=("mejor",),
        example="todos estarían mejor sin mí",
        subject="any",
    ),
    Rule(
        "es.nadie_extrañaria",
        SUICIDAL,
        r"\bnadie (?:me )?(?:extrañaría|echaría de menos|notaría|lloraría)\b|"
        r"\ba nadie le importaría si (?:me muero|muero|desaparezco|no estoy|me mato)\b|"
        r"\bnadie (?:se )?(?:daría cuenta|notaría) si (?:me muero|muero|desaparezco|no estoy)\b",
        stems=("nadie",),
        example="nadie me extrañaría",
        subject="any",
        negatable=False,
    ),
    Rule(
        "es.sin_sentido",
        SUICIDAL,
        r"\bno (?:le )?(?:veo|encuentro|tiene) (?:ningún )?sentido (?:a |en )?(?:vivir|seguir|"
        r"la vida|mi vida|estar viv[oa]|despertar)\b|\b(?:la|mi) vida no tiene sentido\b|"
        r"\bno vale la pena (?:vivir|seguir viviendo|seguir)\b(?! con)|"
        r"\bpara qué (?:seguir viviendo|seguir viv[oa]|vivir)\b|"
        r"\bno hay razón para (?:vivir|seguir)\b",
        stems=("sentido", "pena", "para que", "razon"),
        example="no le veo sentido a vivir",
        subject="any",
        negatable=False,
    ),
    Rule(
        "es.acabar_todo",
        SUICIDAL,
        r"\b(?:acabar|terminar|acabo|termino|acabaré|terminaré|poner fin) (?:con|a) todo\b|"
        r"\bdesaparecer para siempre\b",
        stems=("todo", "siempre"),
        example="quiero acabar con todo",
        pro_drop=2,
    ),
    Rule(
        "es.no_despertar",
        SUICIDAL,
        r"\b(?:dormir(?:me)?|acostarme|cerrar los ojos) y no (?:volver a )?despertar(?:me)?\b|"
        r"\bno (?:quiero )?volver a despertar(?:me)?\b",
        stems=("despertar",),
        example="quiero dormirme y no despertar",
        subject="any",
        negatable=False,
    ),
    Rule(
        "es.plan",
        SUICIDAL,
        r"\btengo (?:un|el|mi) plan(?=\s*(?:$|[.!,;]|y\b|para (?:matarme|suicidarme|acabar|"
        r"terminar|morir|quitarme|hacerlo|esta noche)))",
        stems=("plan",),
        example="ya tengo un plan",
        pro_drop=2,
    ),
    Rule(
        "es.no_puedo_seguir",
        SUICIDAL,
        r"\bno puedo seguir(?: así| viviendo| adelante| con vida)?(?=\s*(?:$|[.!?,;]|más|ya|"
        r"y\b))",
        stems=("seguir",),
        example="no puedo seguir así",
        negatable=False,
        pro_drop=2,
    ),
    Rule(
        "es.saltar",
        SUICIDAL,
        r"\b(?:quiero|voy a|pienso|estoy por|a punto de|necesito) (?:saltar|tirarme|aventarme|"
        r"lanzarme)\b(?! (?:de (?:alegría|gusto)|al agua|a la (?:piscina|alberca)|en paracaídas))",
        stems=("saltar", "tirarme", "aventarme", "lanzarme"),
        example="quiero tirarme del puente",
        pro_drop=2,
    ),
    Rule(
        "es.pastillas",
        SUICIDAL,
        r"\b(?:me tomé|me tragué|acabo de tomarme|me acabo de tomar|tomé|me he tomado|he tomado) "
        r"(?:todas (?:las|mis)|un montón de|muchas|demasiadas|la caja de|el frasco de|\d{2,}) "
        r"(?:pastillas|medicinas|medicamentos|pastis)\b",
        stems=("pastillas", "medicinas", "medicamentos", "pastis"),
        example="me tomé todas las pastillas",
        subject="any",
    ),
    Rule(
        "es.carga",
        SUICIDAL,
        r"\b(?:soy|me siento|siento que soy) (?:solo |sólo )?(?:una|un) (?:carga|estorbo)\b|"
        r"\bmejor (?:me muero|desaparezco|me voy para siempre)\b",
        stems=("carga", "estorbo", "mejor"),
        example="me siento una carga para todos",
        subject="any",
    ),
    Rule(
        "es.para_siempre",
        SUICIDAL,
        r"\b(?:quiero|voy a|necesito) (?:irme|desaparecer|largarme) para siempre\b"
        r"(?! (?:de|a|con)\b)",
        stems=("siempre",),
        example="quiero irme para siempre",
        pro_drop=2,
    ),
    # Self-harm
    Rule(
        "es.cortarme",
        SELF_HARM,
        r"\b(?:cortarme|autolesionarme|lastimarme|hacerme daño|herirme|quemarme|"
        r"me (?:quiero|voy a) (?:cortar|lastimar|hacer daño|herir|quemar)|"
        r"me estoy (?:cortando|lastimando|haciendo daño|autolesionando)|me corto|"
        r"me autolesiono|me lastimo|me hago daño)\b",
        stems=("cort", "autolesion", "lastim", "dano", "herir", "quem"),
        example="tengo ganas de cortarme",
        pro_drop=2,
        unless_after=(
            r" (?:el|las|los|la|un|una|mi) (?:pelo|cabello|uñas|flequillo|dedo|barba|fleco|"
            r"mano)|\s*(?:cocinando|afeitándome|sin querer|con (?:un )?papel)"
        ),
    ),
    Rule(
        "es.me_corte",
        SELF_HARM,
        r"\bme (?:corté|lastimé|quemé|autolesioné|hice daño)\b|\bme volví a (?:cortar|lastimar|"
        r"quemar|hacer daño|autolesionar)\b|\bvolví a (?:cortarme|"
        r"autolesionarme|lastimarme|hacerme daño)\b|\brecaí en (?:la autolesión|cortarme)\b",
        stems=("corte", "lastime", "queme", "autolesion", "dano", "volvi", "recai"),
        example="me corté anoche",
        pro_drop=2,
        tense="recent",
        unless_after=(
            r" (?:el|las|los|la|un|una|mi) (?:pelo|cabello|uñas|flequillo|dedo|barba|fleco|"
            r"mano)|\s*(?:cocinando|afeitándome|sin querer|con (?:un )?papel)"
        ),
    ),
    # Sexual assault, now
    Rule(
        "es.acaban_violar",
        ASSAULT,
        r"\bme (?:acaba|acaban) de (?:violar|agredir sexualmente|abusar|drogar)\b|"
        r"\bme (?:está|están) (?:violando|forzando|obligando a tener sexo)\b",
        stems=("acaba", "esta"),
        example="me acaban de violar",
        subject="any",
    ),
    Rule(
        "es.me_violaron",
        ASSAULT,
        r"\b(?:me (?:violaron|violó|drogaron|drogó|agredieron sexualmente|agredió sexualmente|"
        r"abusaron|abusó|han violado|ha violado)|abusó de mí|abusaron de mí|"
        r"fui violad[ao]|fui agredid[ao] sexualmente|he sido violad[ao])\b",
        stems=("viol", "drog", "agredi", "abus"),
        example="me violaron anoche",
        subject="any",
        tense="recent",
    ),
    # Danger
    Rule(
        "es.amenaza_matarme",
        DANGER,
        r"\b(?:amenaz\w*|jura|juró|grita|gritando|dice|dijo) (?:con|que) (?:me va a matar|"
        r"matarme|me mata|me matará|lastimarme|me va a lastimar)\b",
        stems=("mata", "lastim"),
        example="me amenazó con matarme",
        subject="any",
        tense="threat",
    ),
    Rule(
        "es.amenaza_arma",
        DANGER,
        r"\b(?:me (?:está|esta) amenazando|me amenaza|amenazándome) con (?:un|una|el|la|su) "
        r"(?:cuchillo|pistola|arma|navaja)\b",
        stems=("cuchillo", "pistola", "arma", "navaja"),
        example="me está amenazando con un cuchillo",
        subject="any",
        tense="threat",
    ),
    Rule(
        "es.me_va_a_matar",
        DANGER,
        r"\b(?:me va a (?:matar|lastimar|hacer daño)|va a matarme|quiere matarme|"
        r"me quiere matar|intenta matarme|me (?:mate|lastime|haga daño|pegue))\b",
        stems=("matar", "matarme", "mate", "mata", "lastim", "dano", "pegue"),
        example="tengo miedo de que me mate",
        subject="any",
        requires="fear",
        hyperbole=True,
    ),
    Rule(
        "es.afuera_puerta",
        DANGER,
        r"\b(?:está|esta|sigue) (?:afuera|fuera|en la puerta|frente a|enfrente de|"
        r"golpeando la puerta|tocando la puerta) (?:de )?(?:mi |la )?(?:casa|puerta|"
        r"departamento|apartamento|depa|cuarto|ventana)?\b|\bintentando entrar\b|"
        r"\b(?:tirar|romper|derribar) la puerta\b",
        stems=("afuera", "fuera", "puerta", "frente", "entrar"),
        example="está afuera de mi casa y tengo miedo",
        subject="any",
        requires="fear",
    ),
    Rule(
        "es.peligro",
        DANGER,
        r"\btemo por mi vida\b|\bestoy en peligro\b|\bno estoy (?:a salvo|segur[ao]) "
        r"(?:aquí|en (?:mi )?casa|ahora|con él|con ella)\b|\bmiedo de que me (?:mate|lastime|"
        r"haga daño)\b",
        stems=("vida", "peligro", "salvo", "segur", "miedo"),
        example="temo por mi vida",
        subject="any",
    ),
    Rule(
        "es.me_esta_pegando",
        DANGER,
        r"\bme (?:está|esta) (?:pegando|golpeando|ahorcando|estrangulando|ahogando)\b|"
        r"\btiene (?:un|una) (?:arma|pistola|cuchillo|navaja)\b",
        stems=(
            "pegando",
            "golpeando",
            "ahorcando",
            "estrangulando",
            "ahogando",
            "arma",
            "pistola",
            "cuchillo",
            "navaja",
        ),
        example="me está pegando",
        subject="any",
    ),
    Rule(
        "es.me_pego",
        DANGER,
        r"\bme (?:pegó|golpeó|ahorcó|estranguló|ahogó)\b",
        stems=("pego", "golpeo", "ahorco", "estrangulo", "ahogo"),
        example="me golpeó hace una hora",
        subject="any",
        tense="recent",
    ),
)

# --------------------------------------------------------------------------------------------
# Russian
# --------------------------------------------------------------------------------------------

RU_CUES = LanguageCues(
    code="ru",
    self_subjects=_words("я меня мне мной"),
    other_subjects=_words(
        "он она они ты вы мы оно кто хочет хотят собирается собираются пытается думает "
        "говорит говорят считает вас тебя тебе вам него нее неё них ему ей им"
    ),
    fillers=_words(
        "просто уже правда реально очень так снова опять иногда всё все еще ещё хочу хочется "
        "давно серьезно серьёзно действительно думаю могу буду собираюсь готов готова "
        "решила решил планирую сегодня завтра ночью же ведь прямо сейчас часто постоянно "
        "вообще лишь бы хоть иногда когда-нибудь когда-либо перестать перестаю прекратить "
        "избавиться хотелось "
        "думать мысли мысль о об про том иногда сильно безумно честно"
    ),
    negators=_words("не нет никогда ни без"),
    neutralizers=_words("перестать перестаю прекратить избавиться"),
    past_markers=_words(
        "хотел хотела хотелось пыталась пытался думала думал была был было раньше когда-то "
        "тогда пробовала пробовал"
    ),
    perfect_markers=frozenset(),
    boundaries=_words("и но а потому что чтобы ведь хотя или зато"),
    blockers=_words("ли если"),
    reporting=_words(
        "спросил спросила спрашивает спрашивали сказал сказала говорит говорят считает "
        "думает пишет написал написала"
    ),
    recency=(
        r"\b(?:только что|сегодня|вчера|этой ночью|ночью|сейчас|прямо сейчас|час назад|"
        r"\w+ час\w* назад|минут\w* назад|утром|вечером|недавно|снова|опять)\b"
    ),
    distant=(
        r"\b(?:\w+ )?(?:лет|год|года|месяцев|месяца|недель) назад\b|\bв детстве\b|"
        r"\bв юности\b|\bв школе\b|\bкогда (?:мне было|я был\w*|я училась|я учился)\b|"
        r"\bраньше\b|\bкогда-то\b|\bв прошлом\b|\bв (?:19|20)\d\d\b|"
        r"\bв подростковом возрасте\b|\bв студенчестве\b|\bтогда\b|\bв \d{1,2} лет\b"
    ),
    laughter=r"(?:\b(?:хаха\w*|ахах\w*|лол|ржу)\b|\U0001f602|\U0001f923)",
    frames=(
        r"\bкак (?:помочь|поддержать|поговорить с)\b|\bпризнаки\b|\bстатья\b|"
        r"\bисследовани\w*\b|\bпрофилактик\w*\b"
    ),
    cues={
        "fear": (
            r"(?:страшно|боюсь|помогите|в ужасе|прячусь|спряталась|спрятался|дрожу|"
            r"паник\w*|полици\w*)"
        ),
    },
    stopwords=frozenset(),
)

_RU_DIE_TAIL = r" (?:от|со) (?:смеху|смеха|стыда|скуки|жары|голода|любопытства|зависти|усталости)"
_RU_LIVE_TAIL = r" (?:с |в |на |у |вместе|здесь|там|рядом)"

RU_RULES: tuple[Rule, ...] = (
    Rule(
        "ru.hochu_umeret",
        SUICIDAL,
        r"\b(?:(?P<past>хотел|хотела|хотелось)|хочу|хочется|хотелось бы)(?: -|:|,)? "
        r"(?:просто |лишь |"
        r"уже |очень )?(?:умереть|умирать|сдохнуть|не жить|не существовать|"
        r"исчезнуть навсегда|покончить с собой|покончить со всем|убить себя|"
        r"покончить с жизнью|всё закончить|закончить всё)\b",
        stems=("умер", "умир", "сдох", "жить", "существ", "исчезн", "поконч", "убить", "законч"),
        example="я хочу умереть",
        pro_drop=2,
        unless_after=_RU_DIE_TAIL,
        hyperbole=True,
    ),
    Rule(
        "ru.ne_hochu_zhit",
        SUICIDAL,
        r"\b(?:не хочу|не хочется|(?P<past>не хотел|не хотела)|нет сил|не могу|"
        r"не вижу смысла|больше не хочу|больше не могу|не хочу больше|не могу больше) "
        r"(?:больше |так |дальше |уже )?(?:жить|существовать|просыпаться|быть здесь|"
        r"продолжать жить|жить дальше|так жить)\b",
        stems=("жить", "существ", "просып", "здесь"),
        example="я не хочу больше жить",
        negatable=False,
        pro_drop=2,
        unless_after=_RU_LIVE_TAIL,
    ),
    Rule(
        "ru.pokonchit",
        SUICIDAL,
        r"\b(?:покончить с собой|покончу с собой|покончить с жизнью|убить себя|убью себя|"
        r"свести счёты с жизнью|сведу счёты с жизнью|наложить на себя руки|"
        r"наложу на себя руки|уйти из жизни|уйду из жизни|покончить со всем|"
        r"покончу со всем|(?P<past>покончила|покончил) бы с собой)\b",
        stems=("поконч", "убить себя", "убью себя", "счет", "руки", "из жизни"),
        example="я покончу с собой",
        pro_drop=2,
        hyperbole=True,
    ),
    Rule(
        "ru.dumayu_o",
        SUICIDAL,
        r"\b(?:думаю|думать|мысли|мысль|подумываю|задумываюсь|размышляю|(?P<past>думала|"
        r"думал)|думается) (?:о|об|про) (?:самоубийстве|суициде|смерти|том, чтобы "
        r"(?:умереть|покончить с собой|покончить с жизнью|покончить со всем|убить себя|"
        r"уйти из жизни))\b",
        stems=("самоуб", "суицид", "смерт", "чтобы"),
        example="всё время думаю о самоубийстве",
        pro_drop=2,
    ),
    Rule(
        "ru.suicidalnye",
        SUICIDAL,
        r"\bсуицидальн\w* (?:мысли|мыслей|настроения|настроение|мыслях)\b|"
        r"\b(?:совершить|совершу|планирую|готовлюсь к) (?:самоубийство|суицид|самоубийству|"
        r"суициду)\b|\bтяга к (?:суициду|самоубийству)\b",
        stems=("суицид", "самоуб"),
        example="у меня суицидальные мысли",
        pro_drop=0,
    ),
    Rule(
        "ru.luchshe_bez_menya",
        SUICIDAL,
        r"\bлучше без меня\b|\bлучше бы меня не было\b|\bлучше бы я (?:умер|умерла|"
        r"не рождался|не рождалась|не родился|не родилась)\b|\bлучше,? если (?:меня не станет|"
        r"я умру|я исчезну|меня не будет)\b|\bникто не (?:заметит|будет скучать|заплачет),? "
        r"если (?:я (?:умру|исчезну|пропаду)|меня не станет)\b",
        stems=("лучше", "никто"),
        example="всем будет лучше без меня",
        subject="any",
    ),
    Rule(
        "ru.net_smysla",
        SUICIDAL,
        r"\b(?:нет|не вижу|не осталось) (?:никакого )?смысла (?:жить|в жизни|продолжать|"
        r"просыпаться|дальше жить|существовать)\b|\bжизнь не имеет смысла\b|"
        r"\bжить (?:незачем|не для чего|не зачем)\b|\bнезачем (?:больше )?жить\b",
        stems=("смысл", "незачем", "не зачем", "не для чего"),
        example="нет смысла жить",
        subject="any",
        negatable=False,
    ),
    Rule(
        "ru.ne_prosnutsya",
        SUICIDAL,
        r"\b(?:уснуть|заснуть|усну|засну|лечь спать|лягу спать) и не проснуться\b|"
        r"\b(?:лишь бы|хоть бы|только бы) не проснуться\b|\bне проснуться (?:завтра|утром)\b",
        stems=("проснуться",),
        example="хочу уснуть и не проснуться",
        subject="any",
        negatable=False,
    ),
    Rule(
        "ru.plan",
        SUICIDAL,
        r"\bу меня (?:уже )?есть план(?=\s*(?:$|[.!,;]|как\b|чтобы\b))",
        stems=("план",),
        example="у меня есть план.",
        subject="any",
    ),
    Rule(
        "ru.vse_zakonchit",
        SUICIDAL,
        r"\b(?:всё закончить|закончить всё|покончить со всем этим|закончу всё|всё закончу)\b",
        stems=("законч", "поконч"),
        example="сегодня я всё закончу",
        pro_drop=2,
    ),
    Rule(
        "ru.prygnut",
        SUICIDAL,
        r"\b(?:хочу|собираюсь|сейчас|готова|готов|хочется) (?:прыгнуть|спрыгнуть|сброситься|"
        r"броситься)\b(?! (?:в (?:воду|бассеин|море|озеро)|с парашютом|от радости))",
        stems=("прыгнуть", "спрыгнуть", "сброситься", "броситься"),
        example="хочу прыгнуть с крыши",
        pro_drop=2,
    ),
    Rule(
        "ru.tabletki",
        SUICIDAL,
        r"\b(?:выпила|выпил|наглоталась|наглотался|приняла|принял) (?:все|всю|целую|много|кучу|"
        r"пачку|упаковку|\d{2,}) (?:таблет\w*|пачку таблеток|упаковку таблеток|снотворн\w*)\b",
        stems=("таблет", "снотворн", "пачку", "упаковку"),
        example="я только что выпила все таблетки",
        subject="any",
        tense="recent",
    ),
    Rule(
        "ru.obuza",
        SUICIDAL,
        r"\bя (?:для всех |всем |только |просто )?обуза\b|\bчувствую себя обузой\b",
        stems=("обуза", "обузой"),
        example="я обуза для всех",
        subject="any",
    ),
    Rule(
        "ru.navsegda",
        SUICIDAL,
        r"\b(?:уйду|уйти|исчезнуть|исчезну|пропасть|пропаду) навсегда\b|"
        r"\b(?:сегодня|скоро|этой ночью) (?:всё|все) закончится\b",
        stems=("навсегда", "закончится"),
        example="хочу исчезнуть навсегда",
        pro_drop=2,
    ),
    # Self-harm
    Rule(
        "ru.rezhu_sebya",
        SELF_HARM,
        r"\b(?:режу себя|резать себя|порезать себя|порезать руки|резать руки|режу руки|"
        r"причинить себе (?:боль|вред)|причиняю себе (?:боль|вред)|наношу себе (?:порезы|раны|"
        r"вред)|наносить себе (?:порезы|раны|вред)|селфхарм\w*|самоповрежд\w*)\b",
        stems=("режу", "резать", "порезать", "руки", "себе", "себя", "селфхарм", "самоповрежд"),
        example="хочу порезать себя",
        pro_drop=2,
    ),
    Rule(
        "ru.porezalas",
        SELF_HARM,
        r"\b(?:порезалась|порезался|порезала себя|порезал себя|(?:я )?себя порезала|"
        r"причинила себе (?:боль|вред)|причинил себе (?:боль|вред))\b",
        stems=("порезал", "причинил"),
        example="я снова порезалась",
        pro_drop=2,
        tense="recent",
        unless_after=r" (?:палец|пальц\w*|об|о стекло|случайно|когда|пока|бумаг\w*|ножом для)",
    ),
    # Sexual assault, now
    Rule(
        "ru.iznasilovali",
        ASSAULT,
        r"\b(?P<now>только что )?(?:меня (?P<now2>только что )?(?:изнасиловал\w*|опоили|"
        r"опоил|накачали|изнасиловали)|изнасиловал меня|надо мной (?:надругались|надругался)|"
        r"меня (?:сейчас )?насилуют)\b",
        stems=("изнасил", "опоил", "накачали", "надругал", "насилуют"),
        example="меня только что изнасиловали",
        subject="any",
        tense="recent",
    ),
    # Danger
    Rule(
        "ru.ugrozhaet",
        DANGER,
        r"\b(?:угрожает|угрожал|грозится|грозился|грозит|обещает|обещал) (?:меня )?"
        r"(?:убить|зарезать|покалечить)(?: меня)?\b|\b(?:сказал|говорит|кричит|орет|пообещал|"
        r"клянется),? что (?:меня )?(?:убьет|зарежет|покалечит)(?: меня)?\b",
        stems=("убить", "убьет", "зареж", "покалеч"),
        example="он угрожает меня убить",
        subject="any",
        tense="threat",
    ),
    Rule(
        "ru.ugrozhaet_oruzhiem",
        DANGER,
        r"\bугрожа\w* (?:мне )?(?:ножом|пистолетом|оружием|ружьем)\b",
        stems=("ножом", "пистолетом", "оружием", "ружьем"),
        example="он угрожает мне ножом",
        subject="any",
        tense="threat",
    ),
    Rule(
        "ru.ubyet_menya",
        DANGER,
        r"\b(?:убьет меня|меня убьет|хочет меня убить|хочет убить меня|меня прибьет)\b",
        stems=("убьет", "убить", "прибьет"),
        example="боюсь, он меня убьёт",
        subject="any",
        requires="fear",
        hyperbole=True,
    ),
    Rule(
        "ru.za_dveryu",
        DANGER,
        r"\b(?:стоит|сидит|ждет|караулит) (?:за|под|у) (?:моей |моим )?(?:дверью|двери|"
        r"окном|окнами|подъездом|домом)\b|\bломится (?:в|ко мне)\b",
        stems=("двер", "окно", "окном", "окнами", "подъезд", "домом", "ломится"),
        example="он стоит за дверью, мне страшно",
        subject="any",
        requires="fear",
    ),
    Rule(
        "ru.opasnost",
        DANGER,
        r"\b(?:боюсь за свою жизнь|я в опасности|мне угрожает опасность|(?:он|муж|бывший) "
        r"(?:бьет|избивает|душит) меня|меня (?:бьют|избивают|душат))\b|"
        r"\bу него (?:нож|пистолет|ружье|оружие)\b",
        stems=(
            "жизнь",
            "опасност",
            "бьет",
            "избива",
            "душит",
            "душат",
            "бьют",
            "нож",
            "пистолет",
            "ружье",
            "оружие",
        ),
        example="я боюсь за свою жизнь",
        subject="any",
    ),
)

RULES: dict[str, tuple[Rule, ...]] = {"en": EN_RULES, "es": ES_RULES, "ru": RU_RULES}
CUES: dict[str, LanguageCues] = {"en": EN_CUES, "es": ES_CUES, "ru": RU_CUES}
