"""The broad layer of the crisis detector: risk concept families and clause-scoped exclusions.

The phrase rules in :mod:`moderation.crisis_lexicon` are precise but only know the wordings
they were written for. People in crisis write in countless ways, so this layer reads a message
by *concept* instead: a family of morphology-aware stems for each kind of risk (dying, not
being here, disappearing, sleeping forever, goodbye letters, giving things away, being a
burden, no way out, can't go on, pills, jumping, hurting or cutting oneself, being forced,
drugged, locked in, threatened, hit...). A family fires in a sentence unless an exclusion
scoped to that sentence or clause says otherwise:

- a negation governing the risk word itself ("I would never...", "no pienso...", "не хочу
  умирать"), unless the family means something negative already ("don't want to live");
- distant past with no present ("two years ago", "hace años", "лет назад");
- someone else is the subject, or it is reported or asked about someone else;
- talk about the topic (articles, prevention, a series, a character, supporting a friend);
- idioms and hyperbole ("dead tired", "me muero de risa", "до смерти хочу спать", "lol");
- ending a relationship ("end it with him", "terminar la relación", "покончить с отношениями").

When in doubt the layer leans towards firing: a false alarm costs a facilitator a check-in.
Patterns are written in ordinary spelling and folded like the text (see
:func:`moderation.textnorm.fold_marks`). Nothing here logs or keeps any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from moderation.crisis_compose import _BENIGN, _ORDINARY, _TEMPORARY
from moderation.textnorm import fold_marks

SUICIDAL = "suicidal_ideation"
SELF_HARM = "self_harm"
ASSAULT = "sexual_assault_now"
DANGER = "abuse_danger"


@dataclass(frozen=True)
class Family:
    """One risk concept family.

    ``self_only``: the family needs the writer (not someone else) as its subject.
    ``negatable``: a negation just before the match cancels it.
    ``recent``: past-tense statements count only with a recency cue ("tonight", "anoche").
    ``needs``: the name of a cue set that must occur in the sentence or next to it.
    """

    name: str
    category: str
    pattern: str
    self_only: bool = True
    negatable: bool = True
    recent: bool = False
    needs: str | None = None


@dataclass(frozen=True)
class Language:
    code: str
    families: tuple[Family, ...]
    other_subject: str  # someone else as subject just before the match
    self_marker: str  # the writer in the clause
    self_subject: str  # the writer as the subject of a reporting verb ("I told her...")
    negation: str  # a negation in the few words before the match
    distant: str
    recent: str
    present: str
    topic: str  # educational talk, fiction, supporting someone, safety plans
    idiom: str  # idioms and hyperbole, tried on the whole sentence
    relationship: str  # ending a relationship, tried right after the match
    relationship_noun: str  # a relationship named in the sentence ("the marriage")
    reported: str  # reported speech or questions about the writer, before the match
    cues: dict[str, str]


_G = r"(?:\W+\w+){0,%d}?\W+"  # a gap of up to N words


def gap(n: int) -> str:
    return _G % n


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------

_EN_WANT = (
    r"(?:want|wanna|wanted|wish|wishing|hope|hoping|pray|praying|ready|going to|gonna|"
    r"plan|planning|planned|decided|deciding|thinking about|thinking of|think about|"
    r"considering|tempted|urge|rather|need|needed|should just|might just|'ll just|will just|"
    r"would just|time to|about to|can't wait to|longing|better off|deserve|would love to|"
    r"feel like|tonight i|keep thinking)"
)
_EN_DEATH = (
    r"(?:die|dying|dead|death|gone|disappear\w*|vanish\w*|cease to exist|stop existing|"
    r"not (?:be |being )?(?:here|around|alive)|not exist\w*|never wake up|not wake up|"
    r"sleep forever|go to sleep forever|end (?:it|it all|everything|things|my life|this)|"
    r"ending (?:it|it all|everything|things|my life)|kill\w* myself|take my (?:own )?life|"
    r"off myself|unalive\w*|jump\w*|overdose|od|hang myself|stop breathing|be with (?:him|her|"
    r"them|my \w+) (?:in heaven|again)|join (?:him|her|them|my \w+))"
)

EN = Language(
    code="en",
    families=(
        Family("desire_death", SUICIDAL, _EN_WANT + gap(4) + _EN_DEATH + r"\b"),
        Family(
            "suicide_word",
            SUICIDAL,
            r"\b(?:suicid\w*|kill\w* myself|end\w* my (?:own )?life|tak\w* my (?:own )?life|"
            r"unalive\w*|off(?:ing)? myself)\b",
        ),
        Family(
            "cant_go_on",
            SUICIDAL,
            r"\b(?:can'?t|cannot|can not) (?:go on|keep going|do this|take (?:it|this|any ?more)|"
            r"live like this|handle (?:this|it|life)|bear (?:it|this|living)|survive this|"
            r"cope|be here)(?! (?:with|without|at|in|pretending|for|to)\b)",
            negatable=False,
        ),
        Family(
            "no_reason",
            SUICIDAL,
            r"\b(?:no|not any|not a single|nothing|what'?s the|whats the|what is the|don'?t see "
            r"(?:the|any)) (?:\w+ )?(?:point|reason|purpose|left|use) (?:in |of |to |for )?"
            r"(?:\w+ )?(?:liv\w*|life|alive|go(?:ing)? on|keep(?:ing)? going|wak\w* up|"
            r"anything|being here|exist\w*|try\w*|anymore)",
            self_only=False,
            negatable=False,
        ),
        Family(
            "dont_want_live",
            SUICIDAL,
            r"\b(?:don'?t|do not|dont|no longer|never) (?:\w+ )?(?:want|wanna|wish) (?:to )?"
            r"(?:live|be alive|exist|wake up|be here|be around|go on|keep going|see tomorrow)\b"
            r"(?! (?:at|in|with|for|on|tonight at|when)\b)",
            negatable=False,
        ),
        Family(
            "not_be_around",
            SUICIDAL,
            r"\b(?:won'?t|will not|not going to|not gonna|wont|don'?t think i'?ll|dont think "
            r"i'?ll|don'?t think i will) (?:be )?(?:around|here|alive|make it|last|see)\b"
            r"(?! (?:for (?:the|his|her|your|that)|at|to (?:the|his|her)|when he)\b)",
            negatable=False,
        ),
        Family(
            "burden",
            SUICIDAL,
            r"\b(?:(?:better|happier|easier|fine|relieved) (?:off )?(?:without me|if i (?:was|were|"
            r"wasn'?t|weren'?t|died|disappeared|left|'?m gone|was gone|were gone)|when i'?m gone)|"
            r"(?:i'?m|i am|im|being|feel like) (?:\w+ )?(?:a|such a) (?:\w+ )?burden|burden to "
            r"(?:everyone|everybody|my|them|all))\b",
            self_only=False,
        ),
        Family(
            "no_way_out",
            SUICIDAL,
            r"\b(?:no way out|only way out|no way (?:to|of) (?:escape|fix)|no escape|no exit|"
            r"no future|no hope|hopeless|trapped (?:forever|for good)|nothing left|done fighting|"
            r"done with (?:life|living|everything|it all|this world|being alive)|tired of "
            r"(?:living|being alive|existing|life|being here|fighting|waking up)|"
            r"sick of (?:living|being alive|existing|life)|tonight'?s the night|this is the end|"
            r"(?:night|day) i (?:finally )?do it|my (?:own )?(?:funeral|grave|obituary))\b",
            self_only=False,
        ),
        Family(
            "goodbye",
            SUICIDAL,
            r"\b(?:goodbye (?:letters?|notes?|messages?|everyone|all|world|forever)|"
            r"(?:wrote|writing|write|left|leaving|leave) (?:\w+ )?(?:letters?|notes?) (?:to|for)"
            r" (?:everyone|my|each)|(?:this is|saying|say) (?:my )?(?:last |final )?goodbye|"
            r"final (?:goodbye|message|post)|last (?:message|post|goodbye)|"
            r"sorry for everything|(?:sorted|sorting|wrote|writing|made) (?:out )?my will|"
            r"(?:giving|gave|give) (?:\w+ )?(?:my )?(?:things|stuff|belongings|possessions|pets?|"
            r"cat|dog) away|(?:giving|gave) away (?:my|all my)|goodbye (?:all|everyone)|"
            r"won'?t need (?:them|it|these|my \w+) (?:anymore|any more|much longer))\b",
            self_only=False,
        ),
        Family(
            "means",
            SUICIDAL,
            r"\b(?:(?:counting|saving|stockpiling|hoarding|stashing|collecting|saved up|swallowed|"
            r"downed) (?:\w+ ){0,3}(?:pills|tablets|meds|medication|sleeping pills|painkillers)|"
            r"(?:pills|tablets|meds)\b.{0,40}\b(?:counting|count|saving|stockpil\w*|hoard\w*)|"
            r"(?:all|whole|entire|a bottle of|handful of|too many|box of|bunch of) (?:\w+ ){0,3}"
            r"(?:pills|tablets|meds|medication|painkillers)|"
            r"(?:standing|sitting|stood) (?:\w+ ){0,2}(?:on|at) (?:the |a )?(?:edge|bridge|roof|"
            r"ledge|balcony|tracks|cliff)|(?:bought|got|have|tied|holding) (?:a |the )?"
            r"(?:rope|noose)|(?:gun|knife|blade|razor|pills)(?: \w+){0,3} (?:next to|beside|in "
            r"front of|with) me|loaded (?:the )?gun|(?:thinking about|keep thinking about)"
            r" (?:using|taking) (?:it|them))\b",
            self_only=False,
        ),
        # ---- self-harm ----
        Family(
            "hurt_self",
            SELF_HARM,
            r"\b(?:hurt\w*|harm\w*|cut\w*|burn\w*|punish\w*|hit\w*|scratch\w*|starv\w*) "
            r"(?:myself|my (?:arms?|wrists?|legs?|thighs?|skin))\b(?! (?:off|out|while|on|by "
            r"accident|accidentally|shaving|cooking|chopping))",
        ),
        Family(
            "self_harm_word",
            SELF_HARM,
            r"\b(?:self[- ]?harm\w*|relaps\w* (?:on|into|with) (?:cutting|self|sh)|"
            r"cutting again|been cutting|started cutting|bleeding (?:won'?t|wont|will not|"
            r"doesn'?t|isn'?t) stop|won'?t stop bleeding|blades? (?:again|out))\b",
        ),
        # ---- sexual assault now ----
        Family(
            "assault",
            ASSAULT,
            r"\b(?:rap(?:ed|ing|e) me|(?:i was|i've been|i got|got|been|just got) "
            r"(?:\w+ )?(?:raped|assaulted|molested|drugged|attacked|roofied)|"
            r"forc\w* (?:himself|herself|themselves|me|on me|into me)|"
            r"made me (?:have sex|do (?:it|things|stuff))|(?:drugged|spiked|roofied) (?:me|my "
            r"drink)|put something in my drink|won'?t stop touching|(?:didn'?t|did not|"
            r"wouldn'?t|would not|won'?t|will not) stop when i (?:said|say|told)|"
            r"(?:is|he'?s|keeps) touching me|(?:held|holding|pinned) me down)\b",
            self_only=False,
            recent=True,
        ),
        # ---- abuse danger ----
        Family(
            "threat_kill",
            DANGER,
            r"\b(?:kill|murder|hurt|shoot|stab|strangle|choke|beat|hit|get) me\b",
            self_only=False,
            needs="danger",
        ),
        Family(
            "violence_now",
            DANGER,
            r"\b(?:(?:is|he'?s|keeps|started|just|he) (?:\w+ )?(?:hitting|beating|choking|"
            r"strangling|kicking|punching|hurting|choked|strangled|hit|beat|punched|kicked) me|"
            r"(?:locked|trapped|barricaded|hiding) (?:me |myself )?(?:in|from|under)|"
            r"i'?m (?:locked|trapped|hiding)|took my (?:phone|keys)|"
            r"(?:breaking|broke|kicking) (?:down |in )?(?:the |my )?door|"
            r"(?:coming|on his way|outside|at) (?:back |home |here |over )?(?:\w+ )?(?:my )?"
            r"(?:door|house|window|tonight|to get me)|"
            r"(?:has|got|with|holding|grabbed) (?:a |his |the )?(?:gun|knife|weapon)|"
            r"not safe (?:at home|here|right now|tonight|now)|fear for my life|"
            r"threaten\w* (?:me|to kill|to hurt|my life))\b",
            self_only=False,
            needs="danger",
        ),
    ),
    other_subject=(
        r"\b(?:he|she|they|you|we|he's|she's|they're|you're|we're|he'd|she'd|they'd|"
        r"he'll|she'll|they'll|people|someone|somebody|anyone|everyone|who|my (?:friend|"
        r"sister|brother|mom|mother|dad|father|son|daughter|partner|husband|wife|boyfriend|"
        r"girlfriend|ex|kid|child|cousin|coworker|colleague|client|patient|aunt|uncle)|"
        r"a friend|the character|the author|her|his|their)$"
    ),
    self_marker=r"\b(?:i|i'm|im|i've|ive|i'd|i'll|me|my|myself|mine)\b",
    self_subject=r"\b(?:i|i've|ive|i'd|i'll)\b",
    relationship_noun=r"\b(?:marriage|relationship|engagement|affair|friendship|him|her)\b",
    negation=(
        r"\b(?:not|never|don'?t|dont|doesn'?t|didn'?t|didnt|won'?t|wont|wouldn'?t|wouldnt|"
        r"no longer|stopped|without|nor|isn'?t|aren'?t|haven'?t|havent|hasn'?t|no)$"
    ),
    distant=(
        r"\b(?:\w+ )?(?:years?|months?|decades?) ago\b|\bwhen i was\b|\bas a (?:kid|child|teen|"
        r"teenager|student)\b|\bin (?:high school|middle school|college|university|my (?:teens|"
        r"twenties|youth))\b|\bback (?:then|in)\b|\bused to\b|\bin the past\b|\blast "
        r"(?:year|summer|spring|winter|fall|autumn)\b|\bin (?:19|20)\d\d\b|\bat (?:age )?\d{1,2}\b|"
        r"\bthat (?:was|passed)\b|\bhaven'?t (?:\w+ )?(?:in|since)\b|\bclean (?:since|for)\b|"
        r"\bfor (?:years|a while) after\b"
    ),
    recent=(
        r"\b(?:tonight|today|this (?:morning|evening|afternoon|weekend)|last night|yesterday|"
        r"an? (?:hour|few hours|couple (?:of )?hours|minute|few minutes) ago|\w+ (?:hours|"
        r"minutes) ago|earlier|right now|just|now|again|still|won'?t stop|keeps|is|he'?s|"
        r"don'?t know what to do|what do i do|help|hospital|bleeding)\b"
    ),
    present=(
        r"\b(?:now|right now|today|tonight|still|anymore|any more|these days|lately|"
        r"again|keep|keeps|i'm|im|i am|can'?t|i've been|ive been|i have been)\b"
    ),
    topic=(
        r"\b(?:article|research|stud(?:y|ies)|statistic\w*|suicide rates?|prevention|awareness|"
        r"warning signs|signs of|hotline|helpline|documentary|movie|film|show|series|book|"
        r"novel|song|lyrics|character|episode|podcast|lecture|class|course|chapter|"
        r"survivors? of|nightmare|dream\w*|"
        r"how (?:do|can|should|to|would) (?:i|we|you)? ?(?:help|support|talk|"
        r"respond|comfort)|what (?:should|do|can) i (?:do|say) (?:if|when)|if you(?:'re| are)? "
        r"(?:ever )?(?:feel|feeling|thinking|having|are|need)|if i ever|safety plan)\b"
    ),
    idiom=(
        r"\b(?:die (?:of|from|laughing)|dying (?:to|of|for|laughing)|to die for|dead "
        r"(?:tired|serious|battery|end|wrong|on)|(?:phone|battery|laptop|car|plant|plants|"
        r"conversation|party|it) (?:just )?died|kill(?:ing)? (?:time|it)|'?d kill for|"
        r"would kill for|killing me\b(?! (?:myself))|killed it|cut (?:\w+ )?(?:off|out|ties|back|"
        r"down|corners|my hair|my finger|class)|hurt my (?:back|knee|feelings|ankle|hand)|"
        r"bridge the|burn(?:ed|t)? out|jump (?:in|at|to conclusions|ship|on)|"
        r"goodbye to (?:him|her|the|that|my old|our)|scared of (?:spiders|heights|the dark)|"
        r"lol|lmao|haha\w*|jk|rofl|hanging in there|over my dead body|drop dead gorgeous|"
        r"not going anywhere|no way i'?m|rather (?:\w+ )?(?:die|be dead) than|"
        r"kill\w* myself laughing|"
        r"but (?:they|everyone|my \w+) (?:\w+ )?(?:say|says|saying|tell|tells|told) (?:me )?"
        r"(?:i'?m not|it'?s not|that'?s not))\b"
    ),
    relationship=(
        r"\s*(?:with (?:him|her|them|my|this|that|the)|between|off with|for (?:him|her|us|them)"
        r"|,? (?:not|the) (?:my life|marriage|relationship)|"
        r"(?: \w+)? (?:marriage|relationship|affair|engagement|friendship))\b"
    ),
    reported=(
        r"\b(?:asked|asks|asking|told (?:me|us|the group|her|him)|said|says|saying|wrote|"
        r"writes|texted|posted|shared|claims|claimed|accused|whether|if)\b"
    ),
    cues={
        "danger": (
            r"\b(?:scared|afraid|terrified|frightened|panick\w*|help me|please help|hiding|"
            r"police|911|999|112|danger|gun|knife|weapon|threat\w*|if i (?:leave|tell|go|call|"
            r"try)|means it|really will|has done it before|again|for real|locked|bleeding|"
            r"right now|he'?s (?:coming|outside|here|drunk)|coming back|won'?t let me|"
            r"door|choked|strangled|regret it)\b"
        ),
    },
)

# --------------------------------------------------------------------------------------------
# Spanish
# --------------------------------------------------------------------------------------------

_ES_DEATH = (
    r"(?:morir\w*|muer\w*|muera\w*|muriera\w*|matarme|me mato|suicid\w*|quitarme la vida|"
    r"desaparec\w*|no despertar\w*|dormir(?:me)? para siempre|no volver a despertar|"
    r"irme de (?:este mundo|aqui|aca)|dejar de (?:existir|vivir|respirar)|no existir|"
    r"no estar (?:aqui|aca|mas)|acabar con (?:todo|mi vida|esto|mi sufrimiento)|"
    r"terminar con (?:todo|mi vida)|ponerle fin|tirarme|lanzarme|saltar|ahorcarme|colgarme|"
    r"tomarme (?:todas )?las pastillas|cortarme las venas)"
)
_ES_WANT = (
    r"(?:quiero|quisiera|queria|quiera|deseo|desearia|ojala|ganas de|pienso en|pensando en|"
    r"pense en|voy a|me voy a|estoy por|decid\w*|planeo|planeando|necesito|prefiero|"
    r"preferiria|mejor|me gustaria|solo quiero|tengo que|hoy|esta noche|a punto de)"
)

ES = Language(
    code="es",
    families=(
        Family("desire_death", SUICIDAL, r"\b" + _ES_WANT + gap(3) + _ES_DEATH + r"\b"),
        Family(
            "suicide_word",
            SUICIDAL,
            r"\b(?:suicid\w*|matarme|me mato|me voy a matar|quitarme la vida|me quito la vida|"
            r"acabar con mi vida|terminar con mi vida|me quiero morir|quiero morir\w*|"
            r"ojala (?:me )?muer\w*|me muera|morirme|me suicido)\b(?! de (?:risa|ganas|hambre|"
            r"sueno|verguenza|frio|calor|pena|amor|miedo|aburrimiento))",
        ),
        Family(
            "cant_go_on",
            SUICIDAL,
            r"\b(?:ya no (?:puedo|aguanto|soporto)(?: mas)?|no (?:puedo|aguanto|soporto) mas|"
            r"no (?:aguanto|soporto) (?:vivir|seguir|esta vida)|no puedo seguir(?! (?:con|sin|"
            r"fingiendo|asi con))|no quiero (?:seguir|vivir|existir|estar aqui|despertar\w*)|"
            r"no tengo (?:ganas|fuerzas|razones|motivos) (?:de|para) (?:vivir|seguir)|"
            r"estoy (?:cansad[oa]|harto|harta) de (?:vivir|existir|la vida|luchar|todo))"
            r"(?! (?:con|sin|en (?:esta|este|la|el)|fingiendo|aguantando)\b)",
            negatable=False,
        ),
        Family(
            "no_reason",
            SUICIDAL,
            r"\b(?:no (?:le )?(?:veo|tiene|hay|encuentro) (?:ningun |el )?(?:sentido|razon|"
            r"motivo|salida)|sin salida|no hay salida(?! (?:facil|sencilla))|nada por (?:lo )?"
            r"que vivir|para que (?:seguir|vivir|despertar)|no vale la pena (?:vivir|seguir)|"
            r"ya no (?:tiene|le veo) sentido|no tengo futuro|sin esperanza|"
            r"mi (?:propio )?(?:funeral|"
            r"entierro)|no (?:creo|se si) (?:que )?(?:siga|este|vaya a estar|llegue) (?:\w+ )?"
            r"(?:aqui|mucho|viv[oa]|a manana)|no voy a estar (?:aqui|mucho)|no llego a manana)\b"
            r"(?! (?:facil|sencilla|rapida|(?:de|a|en) (?:un |el |la |este |esta )?(?:divorcio|"
            r"matrimonio|relacion|separacion|trabajo)))",
            self_only=False,
            negatable=False,
        ),
        Family(
            "burden",
            SUICIDAL,
            r"\b(?:mejor (?:sin mi|si no (?:estuviera|existiera)|cuando ya no este)|"
            r"(?:soy|me siento) (?:una |un )?(?:carga|estorbo)(?! para mi misma)|"
            r"(?:carga|estorbo) para (?:todos|todo el mundo|mi familia|mis hijos)|"
            r"no (?:me )?(?:extranaran|extranarian|notaran|notarian))\b",
            self_only=False,
        ),
        Family(
            "goodbye",
            SUICIDAL,
            r"\b(?:cartas? de despedida|me despedi de (?:todos|todo|mis|mi)|despedirme de "
            r"(?:todos|mis|mi)|adios (?:a todos|para siempre|mundo)|perdon por todo|"
            r"regal\w* (?:todas )?mis cosas|ya no (?:las|los|la|lo) voy a necesitar|"
            r"(?:escribi|hice|deje) (?:mi )?testamento|ultimo mensaje)\b",
            self_only=False,
        ),
        Family(
            "means",
            SUICIDAL,
            r"\b(?:(?:tragu\w*|junt\w*|guard\w*|contando|acumul\w*) (?:\w+ ){0,3}"
            r"(?:pastillas|pildoras|medicamentos|calmantes)|(?:todas las|un frasco de|"
            r"la caja de) (?:\w+ )?(?:pastillas|pildoras|medicamentos)|estoy (?:en|parad[oa] en|"
            r"sentad[oa] en) (?:el |la )?(?:puente|azotea|techo|balcon|borde|vias|cornisa)|"
            r"(?:compre|tengo|consegui) (?:una |la )?(?:cuerda|soga)|(?:tirarme|lanzarme|saltar) "
            r"(?:del|de la|desde|por) (?:\w+ )?(?:puente|azotea|balcon|ventana|techo|edificio))\b",
            self_only=False,
        ),
        Family(
            "hurt_self",
            SELF_HARM,
            r"\b(?:hacerme dano|me hago dano|me hice dano|lastimarme|me lastim\w*|cortarme|"
            r"me corto|me corte|me estoy cortando|autolesi\w*|quemarme|me quem\w*|"
            r"castigarme|golpearme|no (?:para|deja) de sangrar|sangr\w* mucho)\b"
            r"(?! (?:(?:el|la|las|los) (?:pelo|cabello|unas|dedo|mano|flequillo)|sin querer|"
            r"con (?:el|un) papel|\w+ando|\w+iendo))",
        ),
        Family(
            "assault",
            ASSAULT,
            r"\b(?:me (?:violo|violaron|forzo|obligo a|drogo|drogaron|agredio|agredieron|"
            r"ataco|atacaron|abuso|abusaron|manoseo|toco|esta tocando|sigue tocando)|"
            r"(?:fui|he sido) (?:violad[ao]|agredid[ao]|abusad[ao]|drogad[ao])|"
            r"me (?:echaron|pusieron|puso|echo) algo en (?:la|mi) bebida|no (?:para|paro|se "
            r"detuvo|se detiene) (?:cuando|aunque) le (?:dije|digo))\b",
            self_only=False,
            recent=True,
        ),
        Family(
            "threat_kill",
            DANGER,
            r"\b(?:me (?:va a|quiere|piensa) (?:matar|pegar|hacer dano|lastimar)|(?:va a|"
            r"quiere) matarme|me mata(?:ra|ria)|me amenaz\w*|amenazo con matar\w*)\b",
            self_only=False,
            needs="danger",
        ),
        Family(
            "violence_now",
            DANGER,
            r"\b(?:me (?:esta|sigue) (?:pegando|golpeando|ahorcando|estrangulando|"
            r"amenazando)|me (?:pego|golpeo|ahorco|estrangulo|encerro|quito el (?:telefono|"
            r"celular|movil))|me encerr\w* en|estoy escondid[ao]|me escondo|me escondi|"
            r"viene (?:para|hacia|a) (?:la casa|aca|aqui|buscarme|por mi)|esta (?:afuera|fuera|en "
            r"la puerta)|tiene (?:un |una )?(?:cuchillo|pistola|arma)|rompiendo la puerta|"
            r"no estoy a salvo|temo por mi vida)\b",
            self_only=False,
            needs="danger",
        ),
    ),
    other_subject=(
        r"\b(?:el|ella|ellos|ellas|usted|alguien|mi (?:amig[oa]|herman[oa]|mama|madre|papa|"
        r"padre|hij[oa]|pareja|marido|esposo|esposa|novi[oa]|ex|prim[oa]|companer[oa])|"
        r"una amiga|un amigo|el personaje)$"
    ),
    self_marker=r"\b(?:yo|me|mi|mis|conmigo)\b",
    self_subject=r"\b(?:yo)\b",
    relationship_noun=r"\b(?:matrimonio|relacion|noviazgo|amistad|con el|con ella|le)\b",
    negation=r"\b(?:no|nunca|jamas|tampoco|ni|sin|deje de|dejo de)$",
    distant=(
        r"\bhace (?:\w+ )?(?:anos|ano|meses|decadas)\b|\bcuando (?:era|tenia)\b|\bde (?:nina|"
        r"nino|joven|adolescente|pequena|pequeno)\b|\ben (?:la )?(?:secundaria|universidad|"
        r"prepa|adolescencia)\b|\ben (?:19|20)\d\d\b|\bel ano pasado\b|\bsolia\b|"
        r"\ben el pasado\b|\bhoy estoy bien\b|\bya no (?:lo hago|me corto)\b"
    ),
    recent=(
        r"\b(?:hoy|esta noche|anoche|ayer|esta manana|esta tarde|hace (?:una hora|un rato|"
        r"unas horas|\w+ horas|\w+ minutos|poco)|ahora|ahorita|recien|acaba de|otra vez|"
        r"de nuevo|no se que hacer|ayuda|sigue|esta)\b"
    ),
    present=r"\b(?:ahora|hoy|esta noche|ya no|todavia|aun|sigo|otra vez|de nuevo)\b",
    topic=(
        r"\b(?:articulo|estudio|investigacion|estadistica\w*|tasas?|prevencion|"
        r"concientizacion|senales de|senales|linea de ayuda|documental|pelicula|serie|libro|"
        r"novela|cancion|letra|personaje|episodio|podcast|clase|curso|capitulo|noticia\w*|"
        r"como (?:la |lo |le )?(?:ayudo|apoyo|puedo ayudar)|que (?:hago|puedo hacer) si|"
        r"si (?:alguna vez )?(?:sientes|tienes|piensas)|si alguna vez|plan de seguridad)\b"
    ),
    idiom=(
        r"\b(?:muer[oa]s? de (?:risa|ganas|hambre|sueno|verguenza|frio|calor|pena|amor|"
        r"miedo|aburrimiento|cansancio|celos|envidia|curiosidad)|muert[oa] de (?:cansancio|"
        r"risa|sueno|hambre|miedo|verguenza|frio)|se (?:me )?murio el (?:celular|telefono|"
        r"movil)|me esta matando(?! a mi)|mataria por|matar el tiempo|me corte el (?:pelo|"
        r"cabello|flequillo)|jaja\w*|jeje\w*|xd|lol|(?:prefiero|preferiria) (?:morir\w*|estar "
        r"muert\w*) (?:antes )?(?:que|a)|me mat[oa] (?:\w+ando|\w+iendo|a \w+)|pero (?:ellas|ellos|"
        r"todos|todas) (?:me )?dicen que no)\b"
    ),
    relationship=(
        r"\s*(?:con (?:el|ella|esta relacion|este matrimonio|la relacion|el matrimonio|"
        r"mi (?:relacion|matrimonio|novio|novia|pareja|marido|esposo|esposa))\b|"
        r"(?:esta|la|mi) (?:relacion|matrimonio))"
    ),
    reported=(
        r"\b(?:pregunto|preguntaron|dijo|dice|dijeron|escribio|conto|comento|cree|"
        r"acuso|si)\b"
    ),
    cues={
        "danger": (
            r"\b(?:miedo|asustad[ao]|aterrad[ao]|ayuda|policia|911|112|peligro|cuchillo|"
            r"pistola|arma|amenaz\w*|si (?:lo|la) dejo|si me voy|si (?:se lo )?digo|encerr\w*|"
            r"escond\w*|sangr\w*|ahora|otra vez|puerta|borracho|viene)\b"
        ),
    },
)

# --------------------------------------------------------------------------------------------
# Russian
# --------------------------------------------------------------------------------------------

_RU_DEATH = (
    r"(?:умереть|умерет\w*|умру|умираю|умирать|умерла|умер\b|сдохнуть|сдохну|"
    r"не просыпаться|не проснуться|уснуть навсегда|заснуть навсегда|исчезнуть|исчезну|"
    r"пропасть навсегда|не жить|не существовать|покончить (?:с собой|со всем|с жизнью)|"
    r"убить себя|убью себя|повеситься|повешусь|прыгнуть|прыгну|спрыгнуть|спрыгну|"
    r"выпрыгнуть|вскрыть вены|наглотаться|отравиться|уйти из жизни|уйти навсегда|"
    r"не быть|не стало|не станет)"
)
_RU_WANT = (
    r"(?:хочу|хочется|хотелось бы|хотела бы|хотел бы|мечтаю|думаю|подумываю|собираюсь|"
    r"решила|решил|готова|готов|пора|лучше бы|лучше|надо|нужно|планирую|тянет|"
    r"сегодня|скоро|вот бы|только бы|поскорее бы|бы)"
)

RU = Language(
    code="ru",
    families=(
        Family("desire_death", SUICIDAL, r"(?<!\w)" + _RU_WANT + gap(3) + _RU_DEATH),
        Family(
            "suicide_word",
            SUICIDAL,
            r"(?<!\w)(?:суицид\w*|самоубийств\w*|покончу с собой|покончить с собой|покончила"
            r" с собой|убью себя|убить себя|сдохн\w*|повешусь|повеситься|вскрою вены|"
            r"умереть бы|лучше бы я умер\w*|жить (?:\w+ ){0,2}не (?:хочу|хочется)|не хочу жить|"
            r"не хочется жить|не хочу больше жить|не хочу существовать|наложить на себя руки|"
            r"руки на себя)",
        ),
        Family(
            "cant_go_on",
            SUICIDAL,
            r"(?<!\w)(?:(?:больше не (?:могу|выдержу|вынесу)|не могу больше)"
            r"(?! (?!жить)\w+(?:ть|ться|ти)(?!\w))|сил (?:больше )?(?:нет|"
            r"не осталось)|не (?:вижу|вижу никакого) смысла (?:жить|дальше|в жизни|"
            r"просыпаться|так жить)|нет смысла (?:жить|дальше|в жизни)|незачем жить|не для чего"
            r" жить|(?:долго|долго еще|еще долго) протяну|мои похороны|своих похорон\w*|"
            r"устала? (?:жить|от жизни|существовать)|надоело жить|не хочу (?:просыпаться|"
            r"жить|существовать)|долго (?:ещ[её] )?не протяну|не протяну)",
            negatable=False,
        ),
        Family(
            "no_reason",
            SUICIDAL,
            r"(?<!\w)(?:выхода нет|нет выхода|нет никакого выхода|безвыходн\w*|"
            r"нет будущего|нет надежды|безнадежн\w*|всё решила|все решила|всё решил|все решил|"
            r"меня (?:скоро )?не (?:станет|будет)|скоро меня не)"
            r"(?! (?:из|в|у) (?:\w+ )?(?:развод\w*|брак\w*|отношени\w*|ситуаци\w*|работ\w*))",
            self_only=False,
            negatable=False,
        ),
        Family(
            "burden",
            SUICIDAL,
            r"(?<!\w)(?:лучше без меня|будет лучше,? если я (?:умру|исчезну|уйду)|"
            r"(?:я|стала|чувствую себя) (?:для (?:всех|них|семьи|детей) )?обуз\w*|"
            r"обуза для (?:всех|них|семьи|детей)|никто не заметит)",
            self_only=False,
        ),
        Family(
            "goodbye",
            SUICIDAL,
            r"(?<!\w)(?:прощальн\w* (?:письм|записк)\w*|(?:написала|написал|пишу|оставила|"
            r"оставил) (?:\w+ )?(?:письма|записки|записку)|со всеми попрощал\w*|"
            r"прощайте|простите меня за вс[её]|раздал\w* (?:все )?(?:свои )?(?:вещи|"
            r"вс[её])|мне больше не (?:понадоб\w*|нужн\w*)|написал\w* завещание|"
            r"последнее сообщение)",
            self_only=False,
        ),
        Family(
            "means",
            SUICIDAL,
            r"(?<!\w)(?:(?:выпью|выпила|выпил|наглоталась|наглотался|коплю|копила|собираю|"
            r"считаю|приняла|принял) (?:\w+ ){0,2}(?:вс[её] |все )?таблет\w*|все таблетки|"
            r"пачку таблеток|горсть таблеток|(?:стою|сижу|нахожусь) (?:\w+ )?на (?:крыше|мосту|"
            r"краю|балконе|подоконнике|рельсах)|купила? верёвку|купила? веревку|"
            r"(?:прыгнуть|прыгну|спрыгнуть|спрыгну|шагнуть) (?:с|из|под) \w+)",
            self_only=False,
        ),
        Family(
            "hurt_self",
            SELF_HARM,
            r"(?<!\w)(?:порезал\w* (?:руки|себя|запястья|ноги|вены)|режу (?:себя|руки)|"
            r"резать (?:себя|руки)|порежу|причин\w* себе (?:боль|вред)|навредить себе|"
            r"наврежу себе|сделать себе больно|делаю себе больно|селфхарм\w*|"
            r"самоповрежд\w*|кровь не (?:останавливается|остановить)|бью себя|жгу себя)",
        ),
        Family(
            "assault",
            ASSAULT,
            r"(?<!\w)(?:изнасиловал\w*|насилу\w*|меня заставил\w*|заставил\w* меня|принудил\w*|"
            r"(?:мне )?(?:что-то |что то )?подсыпал\w*|опоил\w*|домогал\w*|домогается|"
            r"не останавливается,? когда я|лапает|лапал|трогает меня|трогал меня|"
            r"напал\w* на меня)",
            self_only=False,
            recent=True,
        ),
        Family(
            "threat_kill",
            DANGER,
            r"(?<!\w)(?:убь[её]т меня|убить меня|убьют меня|прибь[её]т|покалечит|"
            r"угрожа\w*|грозит\w*|грозился)",
            self_only=False,
            needs="danger",
        ),
        Family(
            "violence_now",
            DANGER,
            r"(?<!\w)(?:бь[её]т меня|избива\w*|душит|душил|задушит|ударил\w* меня|"
            r"запер\w* меня|заперла? (?:в|на)|заперлась|закрылась в|прячусь|спряталась|"
            r"забрал\w* (?:мой |у меня )?телефон|ломится|выбивает дверь|едет сюда|идёт сюда|"
            r"идет сюда|стоит под дверью|(?:у него|с) (?:нож\w*|пистолет\w*|ружь\w*)|"
            r"мне страшно,? он|боюсь,? что он|я не в безопасности)",
            self_only=False,
            needs="danger",
        ),
    ),
    other_subject=(
        r"(?<!\w)(?:он|она|они|ты|вы|мы|кто-то|кто то|подруга|друг|сестра|брат|мама|папа|"
        r"сын|дочь|муж|жена|парень|девушка|героиня|герой|персонаж|коллега)$"
    ),
    self_marker=r"(?<!\w)(?:я|мне|меня|мной|мой|моя|мое|мои|себя|себе)(?!\w)",
    self_subject=r"(?<!\w)я(?!\w)",
    relationship_noun=r"(?<!\w)(?:брак\w*|отношени\w*|ему|ей|с ним|с ней)(?!\w)",
    negation=r"(?<!\w)(?:не|никогда не|ни за что не|нет|никогда|перестала|перестал|без)$",
    distant=(
        r"(?<!\w)(?:\w+ )?(?:лет|год|года|месяцев|месяца) назад|когда (?:мне было|я была|я "
        r"был)|в (?:юности|детстве|школе|институте|университете)|в (?:19|20)\d\d|в прошлом|"
        r"раньше|в студенчестве|в молодости|в прошлом году|сейчас вс[её] (?:хорошо|нормально)|давно"
    ),
    recent=(
        r"(?<!\w)(?:сегодня|вчера|ночью|сейчас|только что|час назад|\w+ (?:часа|часов|минут) "
        r"назад|утром|вечером|опять|снова|не знаю,? что делать|помогите|помоги)"
    ),
    present=r"(?<!\w)(?:сейчас|сегодня|больше не|вс[её] ещ[её]|опять|снова)",
    topic=(
        r"(?<!\w)(?:стать\w+|исследован\w*|статистик\w*|профилактик\w*|признаки|горяч\w* "
        r"лини\w*|телефон доверия|фильм\w*|сериал\w*|книг\w*|роман\w*|песн\w*|героин\w*|"
        r"персонаж\w*|эпизод\w*|подкаст\w*|лекци\w*|курс\w*|новост\w*|как (?:ей|ему|им) "
        r"помочь|как поддержать|что делать,? если|если (?:вы|ты) (?:думаете|думаешь|"
        r"чувствуете)|план безопасности)"
    ),
    idiom=(
        r"(?<!\w)(?:умира\w* (?:со смеху|от (?:смеха|скуки|любопытства|стыда|желания))|"
        r"до смерти (?:хочу|хочется|надоел\w*|устал\w*|боюсь|напугал\w*)|смертельно "
        r"(?:устал\w*|надоел\w*)|(?:телефон|батарейка|ноутбук) (?:умер|сел)|убить время|"
        r"убила? бы за|хоть убей|убивает,? но|постриг\w*|ха-?ха\w*|хах\w*|лол|"
        r"с ума сойти|лучше умереть,? чем|но (?:они|все) говорят,? что (?:это )?не так)"
    ),
    relationship=(
        r"\s*(?:с )?(?:\w+ )?(?:отношени\w*|брак\w*|ним\b|ней\b|этим браком|романом|"
        r"изменой|прошлым|этой историей)"
    ),
    reported=r"(?<!\w)(?:спросил\w*|сказал\w*|говорит|говорят|написал\w*|пишет|думает|ли)(?!\w)",
    cues={
        "danger": (
            r"(?<!\w)(?:страшно|боюсь|напугана?|помогите|помоги|полици\w*|112|102|опасн\w*|"
            r"нож\w*|пистолет\w*|ружь\w*|угрожа\w*|если я уйду|если уйду|заперл\w*|запер|"
            r"прячусь|кровь|сейчас|опять|снова|дверь\w*|пьян\w*|едет|идёт|идет)"
        ),
    },
)


LANGUAGES = {"en": EN, "es": ES, "ru": RU}


# Literal substrings one of which every match of a family contains: a family's regex only
# runs on sentences that hold one of them, which keeps chat fast. Tests check that every
# labelled crisis sentence a family fires on passes this gate.
ANCHORS: dict[tuple[str, str], tuple[str, ...]] = {
    ("en", "desire_death"): (
        "die",
        "dying",
        "dead",
        "death",
        "gone",
        "disappear",
        "vanish",
        "exist",
        "here",
        "around",
        "alive",
        "wake",
        "forever",
        "end",
        "kill",
        "life",
        "myself",
        "unaliv",
        "jump",
        "overdose",
        " od",
        "hang",
        "breath",
        "heaven",
        "join",
    ),
    ("en", "suicide_word"): ("suicid", "myself", "life", "unaliv"),
    ("en", "cant_go_on"): ("can't", "cant", "cannot", "can not"),
    ("en", "no_reason"): ("point", "reason", "purpose", "left", "use"),
    ("en", "dont_want_live"): ("don't", "dont", "do not", "never", "no longer"),
    ("en", "not_be_around"): (
        "won't",
        "wont",
        "will not",
        "not going",
        "not gonna",
        "think i'll",
        "think ill",
        "think i will",
    ),
    ("en", "burden"): ("burden", "better", "happier", "easier", "relieved", "fine"),
    ("en", "no_way_out"): (
        "no way",
        "way out",
        "escape",
        "exit",
        "no future",
        "no hope",
        "hopeless",
        "trapped",
        "nothing left",
        "done fighting",
        "done with",
        "tired of",
        "sick of",
        "the night",
        "the end",
        "do it",
        "funeral",
        "grave",
        "obituar",
    ),
    ("en", "goodbye"): (
        "goodbye",
        "letter",
        "note",
        "sorry for everything",
        "my will",
        "away",
        "need",
        "last message",
        "last post",
        "final",
    ),
    ("en", "means"): (
        "pill",
        "tablet",
        "meds",
        "medication",
        "painkiller",
        "edge",
        "bridge",
        "roof",
        "ledge",
        "balcony",
        "tracks",
        "cliff",
        "rope",
        "noose",
        "gun",
        "knife",
        "blade",
        "razor",
        "using",
        "taking",
    ),
    ("en", "hurt_self"): ("myself", "arm", "wrist", "leg", "thigh", "skin"),
    ("en", "self_harm_word"): (
        "self",
        "harm",
        "selfharm",
        "relaps",
        "cutting",
        "bleeding",
        "blade",
    ),
    ("en", "assault"): (
        "raped",
        "rape ",
        "raping",
        "assault",
        "molest",
        "drugged",
        "attacked",
        "roofied",
        "forc",
        "made me",
        "spiked",
        "in my drink",
        "touching",
        "stop when",
        "me down",
    ),
    ("en", "threat_kill"): (
        "kill",
        "murder",
        "hurt",
        "shoot",
        "stab",
        "strangl",
        "chok",
        "beat",
        "hit",
    ),
    ("en", "violence_now"): (
        "hitting",
        "beating",
        "choking",
        "strangling",
        "kicking",
        "punching",
        "hurting",
        "choked",
        "strangled",
        "hit",
        "beat",
        "punched",
        "kicked",
        "locked",
        "trapped",
        "barricaded",
        "hiding",
        "took",
        "door",
        "coming",
        "way",
        "outside",
        "gun",
        "knife",
        "weapon",
        "safe",
        "fear",
        "threaten",
    ),
    ("es", "desire_death"): (
        "mor",
        "muer",
        "suicid",
        "matarme",
        "me",
        "mato",
        "quitarme",
        "desaparec",
        "despert",
        "para",
        "siempre",
        "irme",
        "dejar",
        "de",
        "existir",
        "no",
        "estar",
        "acabar",
        "con",
        "terminar",
        "con",
        "fin",
        "tirarme",
        "lanzarme",
        "saltar",
        "ahorcarme",
        "colgarme",
        "pastillas",
        "venas",
    ),
    ("es", "suicide_word"): (
        "suicid",
        "matar",
        "mato",
        "quitar",
        "acabar",
        "terminar",
        "morir",
        "muer",
    ),
    ("es", "cant_go_on"): (
        "puedo",
        "aguanto",
        "soporto",
        "seguir",
        "quiero",
        "tengo",
        "cansad",
        "harto",
        "harta",
    ),
    ("es", "no_reason"): (
        "funeral",
        "entierro",
        "creo",
        "se si",
        "voy a estar",
        "llego",
        "sentido",
        "razon",
        "motivo",
        "salida",
        "nada",
        "por",
        "para",
        "que",
        "vale",
        "la",
        "pena",
        "futuro",
        "esperanza",
    ),
    ("es", "burden"): (
        "sin",
        "mi",
        "estuviera",
        "existiera",
        "este",
        "carga",
        "estorbo",
        "extran",
        "notar",
    ),
    ("es", "goodbye"): (
        "despedida",
        "despedi",
        "despedirme",
        "adios",
        "perdon",
        "por",
        "todo",
        "regal",
        "necesitar",
        "testamento",
        "ultimo",
        "mensaje",
    ),
    ("es", "means"): (
        "pastillas",
        "pildoras",
        "medicamentos",
        "calmantes",
        "puente",
        "azotea",
        "techo",
        "balcon",
        "borde",
        "vias",
        "cornisa",
        "cuerda",
        "soga",
        "tirarme",
        "lanzarme",
        "saltar",
    ),
    ("es", "hurt_self"): (
        "dano",
        "lastim",
        "cortarme",
        "me",
        "corto",
        "me",
        "corte",
        "cortando",
        "autolesi",
        "quem",
        "castigarme",
        "golpearme",
        "sangr",
    ),
    ("es", "assault"): (
        "me",
        "violo",
        "violaron",
        "forzo",
        "obligo",
        "drogo",
        "drogaron",
        "agredi",
        "atac",
        "abus",
        "manoseo",
        "toco",
        "tocando",
        "violad",
        "drogad",
        "bebida",
        "no",
        "para",
        "no",
        "paro",
        "detuvo",
        "detiene",
    ),
    ("es", "threat_kill"): ("matar", "mata", "pegar", "dano", "lastimar", "amenaz"),
    ("es", "violence_now"): (
        "pegando",
        "golpeando",
        "ahorcando",
        "estrangulando",
        "amenazando",
        "pego",
        "golpeo",
        "ahorco",
        "estrangulo",
        "encerr",
        "quito",
        "el",
        "escondid",
        "escondo",
        "escondi",
        "viene",
        "afuera",
        "fuera",
        "puerta",
        "cuchillo",
        "pistola",
        "arma",
        "salvo",
        "temo",
    ),
    ("ru", "desire_death"): (
        "умер",
        "умру",
        "умира",
        "сдох",
        "просып",
        "уснуть",
        "заснуть",
        "исчез",
        "пропасть",
        "не",
        "жить",
        "существ",
        "поконч",
        "убить",
        "себя",
        "убью",
        "себя",
        "повес",
        "прыгн",
        "спрыгн",
        "выпрыгн",
        "вены",
        "наглот",
        "отрав",
        "уйти",
        "не",
        "быть",
        "не",
        "стал",
    ),
    ("ru", "suicide_word"): (
        "суицид",
        "самоубийств",
        "поконч",
        "убью",
        "себя",
        "убить",
        "себя",
        "сдохн",
        "повеш",
        "повес",
        "вены",
        "умереть",
        "бы",
        "умер",
        "жить",
        "руки",
        "на",
        "себя",
    ),
    ("ru", "cant_go_on"): (
        "похорон",
        "могу",
        "выдержу",
        "вынесу",
        "сил",
        "смысл",
        "незачем",
        "не",
        "для",
        "чего",
        "устал",
        "надоело",
        "не",
        "хочу",
        "протян",
    ),
    ("ru", "no_reason"): (
        "выход",
        "безвыход",
        "будущ",
        "надежд",
        "безнадеж",
        "решил",
        "не",
        "станет",
        "не",
        "будет",
        "скоро",
    ),
    ("ru", "burden"): ("без", "меня", "обуз", "заметит"),
    ("ru", "goodbye"): (
        "прощальн",
        "письма",
        "записк",
        "попрощал",
        "прощайте",
        "простите",
        "раздал",
        "понадоб",
        "нужн",
        "завещани",
        "последнее",
        "сообщ",
    ),
    ("ru", "means"): (
        "таблет",
        "крыше",
        "мосту",
        "краю",
        "балконе",
        "подоконнике",
        "рельсах",
        "веревк",
        "прыгн",
        "спрыгн",
        "шагнуть",
    ),
    ("ru", "hurt_self"): (
        "порезал",
        "режу",
        "резать",
        "порежу",
        "себе",
        "навред",
        "боль",
        "селфхарм",
        "самоповрежд",
        "кровь",
        "бью",
        "себя",
        "жгу",
        "себя",
    ),
    ("ru", "assault"): (
        "изнасил",
        "насил",
        "заставил",
        "принудил",
        "подсыпал",
        "опоил",
        "домога",
        "останавлива",
        "лапа",
        "трога",
        "напал",
    ),
    ("ru", "threat_kill"): (
        "убь",
        "убить",
        "меня",
        "прибь",
        "покалеч",
        "угрожа",
        "грозит",
        "грозил",
    ),
    ("ru", "violence_now"): (
        "бьет",
        "бьёт",
        "избива",
        "душит",
        "душил",
        "задушит",
        "ударил",
        "запер",
        "заперл",
        "закрылась",
        "прячусь",
        "спряталась",
        "забрал",
        "ломится",
        "выбивает",
        "едет",
        "сюда",
        "идет",
        "сюда",
        "идёт",
        "сюда",
        "под",
        "дверью",
        "нож",
        "пистолет",
        "ружь",
        "страшно",
        "боюсь",
        "безопасност",
    ),
}


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Compiled:
    code: str
    families: tuple[tuple[Family, re.Pattern[str], tuple[str, ...]], ...]
    anchors: tuple[str, ...]
    other_subject: re.Pattern[str]
    self_marker: re.Pattern[str]
    self_subject: re.Pattern[str]
    relationship_noun: re.Pattern[str]
    negation: re.Pattern[str]
    distant: re.Pattern[str]
    recent: re.Pattern[str]
    present: re.Pattern[str]
    topic: re.Pattern[str]
    idiom: re.Pattern[str]
    relationship: re.Pattern[str]
    reported: re.Pattern[str]
    cues: dict[str, re.Pattern[str]]


def _c(pattern: str) -> re.Pattern[str]:
    return re.compile(fold_marks(pattern))


def _compile(lang: Language) -> _Compiled:
    families = tuple(
        (f, _c(f.pattern), tuple(fold_marks(a) for a in ANCHORS[(lang.code, f.name)]))
        for f in lang.families
    )
    return _Compiled(
        code=lang.code,
        families=families,
        anchors=tuple(sorted({a for _, _, anchors in families for a in anchors})),
        other_subject=_c(lang.other_subject),
        self_marker=_c(lang.self_marker),
        self_subject=_c(lang.self_subject),
        relationship_noun=_c(lang.relationship_noun),
        negation=_c(lang.negation),
        distant=_c(lang.distant),
        recent=_c(lang.recent),
        present=_c(lang.present),
        topic=_c(lang.topic),
        idiom=_c(lang.idiom),
        relationship=_c(lang.relationship),
        reported=_c(lang.reported),
        cues={k: _c(v) for k, v in lang.cues.items()},
    )


COMPILED = {code: _compile(lang) for code, lang in LANGUAGES.items()}

_CLAUSE_BREAK = re.compile(r"[,;:]| - | (?:but|pero|но|though|aunque|although|y|and|и|а)\s")
_WORDS_BEFORE = re.compile(r"[\w']+")


def _clause_before(sentence: str, start: int) -> str:
    """The clause the match at ``start`` is in, from its beginning up to the match."""
    head = sentence[:start]
    cut = 0
    for m in _CLAUSE_BREAK.finditer(head):
        cut = m.end()
    return head[cut:]


def _last_words(text: str, n: int) -> str:
    words = _WORDS_BEFORE.findall(text)
    return " ".join(words[-n:])


_OBLIQUE = frozenset({"goodbye", "no_reason"})
_EXCLUSION_REACH = 80
_CLAUSE_BREAK_WIDE = re.compile(r"[;:]| - |, (?:but|pero|но|though|aunque|а|and|y|и)\s|\. ")

_ENDING = re.compile(
    fold_marks(
        r"\b(?:end (?:it|things)|ending (?:it|things)|goodbye|despedid\w*|despedi|terminar|"
        r"acabar|прощальн\w*|попрощал\w*)\b(?!.*\b(?:all|everything|my life|todo|mi vida|"
        r"всем|собой|жизнью))"
    )
)
_PAST_DESIRE = re.compile(
    r"^(?:wanted|wished|felt like|planned|queria|quise|pense en|хотела|хотел)\b"
)


def _family_fires(
    lang: _Compiled,
    family: Family,
    match: re.Match[str],
    sentence: str,
    neighbours: str,
) -> bool:
    clause = _clause_before(sentence, match.start())
    words = _WORDS_BEFORE.findall(clause)
    if family.negatable:
        # The negation must govern the risk word: the few words just before it, up to the
        # writer ("I don't think I'll..." is about thinking, not about the risk).
        for w in reversed(words[-4:]):
            if lang.self_marker.fullmatch(w):
                break
            if lang.negation.search(w):
                return False
    # Idioms, laughter and topic words count only in the clause around the risk word: a "lol"
    # or a "book" elsewhere in a long sentence does not cancel it.
    scope_start = max(0, match.start() - _EXCLUSION_REACH)
    scope_end = match.end() + _EXCLUSION_REACH
    left = _CLAUSE_BREAK_WIDE.split(sentence[scope_start : match.start()])[-1]
    right = _CLAUSE_BREAK_WIDE.split(sentence[match.end() : scope_end])[0]
    around = left + match.group(0) + right
    if lang.idiom.search(around) or lang.topic.search(around):
        return False
    if family.name in _OBLIQUE and (_ORDINARY.search(sentence) or _BENIGN.search(sentence)):
        # "I gave my baby things away", "I've decided: divorce and a move".
        return False
    if family.name == "burden" and _TEMPORARY.search(sentence[match.end() : match.end() + 40]):
        return False  # "the kids will be fine without me for a weekend"
    personal = family.category in (SUICIDAL, SELF_HARM)
    if personal and lang.relationship.match(sentence, match.end()):
        return False
    if (
        personal
        and _ENDING.search(match.group(0))
        and (lang.relationship_noun.search(sentence) or lang.relationship_noun.search(neighbours))
    ):
        # "I want to end it. Not my life, the marriage."; "a goodbye letter to him".
        return False
    if personal:
        # Someone else as the subject: the nearest subject-like word before the match.
        for w in reversed(words[-4:]):
            if lang.self_marker.fullmatch(w):
                break
            if lang.other_subject.search(w) or lang.other_subject.search(" ".join(words[-2:])):
                return False
        # Reported speech or a question asked by someone else.
        for m in lang.reported.finditer(clause):
            lead = _WORDS_BEFORE.findall(clause[: m.start()])[-2:]
            if not any(lang.self_subject.fullmatch(w) for w in lead):
                return False
    scope = clause + match.group(0)
    distant = lang.distant.search(sentence)
    if distant and family.category != DANGER:
        if family.recent or not lang.present.search(scope):
            return False
    if family.recent and not (lang.recent.search(sentence) or lang.recent.search(neighbours)):
        return False
    if _PAST_DESIRE.match(match.group(0)) and not (
        lang.present.search(scope) or lang.recent.search(sentence)
    ):
        return False
    if family.needs:
        # The cue must come from outside the match: "hiding" alone is a birthday present.
        cue = lang.cues[family.needs]
        rest = sentence[: match.start()] + " | " + sentence[match.end() :]
        if not (cue.search(rest) or cue.search(neighbours)):
            return False
    return True


_SENTENCE = re.compile(r"[^.!?\n\u2026]+[.!?\n\u2026]*")


def concept_categories(text: str, codes: tuple[str, ...]) -> tuple[str | None, list[str]]:
    """Categories the concept families find in ``text`` (already normalised, quotes removed).

    ``codes`` are the languages to read it in. Returns the language of the first family that
    fired (or ``None``) and the categories, in order of finding.
    """
    found: list[str] = []
    language: str | None = None
    sentences: list[str] | None = None
    for code in codes:
        lang = COMPILED[code]
        if not any(a in text for a in lang.anchors):
            continue
        if sentences is None:
            sentences = [m.group(0) for m in _SENTENCE.finditer(text)]
        for family, regex, anchors in lang.families:
            if family.category in found:
                continue
            if not any(a in text for a in anchors):
                continue
            for i, sentence in enumerate(sentences):
                if not any(a in sentence for a in anchors):
                    continue
                neighbours = " ".join(sentences[max(0, i - 1) : i] + sentences[i + 1 : i + 2])
                if any(
                    _family_fires(lang, family, match, sentence, neighbours)
                    for match in regex.finditer(sentence)
                ):
                    found.append(family.category)
                    language = language or code
                    break
    return language, found
