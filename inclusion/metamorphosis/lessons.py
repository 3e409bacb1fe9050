"""The nine lessons for functiemetamorfose (seed 004), as plain data.

Each lesson has a title and a short knowledge text in Dutch and English, the case
from the seed that illustrates it (None where the seed gives no case), and an
``evidence`` key: what the application can compute from its own data to show a
programme is following the lesson ("" if nothing fits).

The texts are written for this application in plain (B1) language.
"""

from __future__ import annotations

from dataclasses import dataclass

from inclusion.skills.frameworks import Text

EVIDENCE_KEYS: frozenset[str] = frozenset(
    {
        "programme_age",  # how long the programme has run
        "vision_approved",  # an information vision approved by the directors
        "initiatives_started",  # initiatives started
        "adoption_tracks",  # iterative adoption tracks
        "employees_in_scenarios",  # share of employees involved in business scenarios
        "own_development_actions",  # share of employees with development actions of their own
        "pop_coverage",  # share of POP-gesprekken that covered digital skills
        "mobility_trajectories",  # experiments with mobility trajectories
        "programme_without_end",  # a programme with no end date
    }
)


@dataclass(frozen=True)
class Case:
    organisation: str
    text: Text


@dataclass(frozen=True)
class Lesson:
    number: int
    title: Text
    text: Text
    case: Case | None
    evidence: str


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        number=1,
        title=Text(en="Start in good time", nl="Begin op tijd"),
        text=Text(
            en=(
                "Put functiemetamorfose on the agenda as early as you can. "
                "If you wait until you really feel the effects of digitalisation on the work, "
                "you are already running behind. "
                "Mapping the situation, making a plan and carrying it out takes a lot of time. "
                "Getting commitment and getting everyone in the organisation moving takes "
                "longest, while technology keeps changing fast."
            ),
            nl=(
                "Zet functiemetamorfose zo vroeg mogelijk op de agenda. "
                "Wacht je tot je de gevolgen van digitalisering in het werk echt merkt, "
                "dan loop je al achter. "
                "De situatie in kaart brengen, een aanpak maken en die uitvoeren kost veel tijd. "
                "Vooral steun krijgen en iedereen in de organisatie in beweging brengen duurt "
                "lang, terwijl de techniek intussen snel verandert."
            ),
        ),
        case=None,
        evidence="programme_age",
    ),
    Lesson(
        number=2,
        title=Text(en="With a clear vision", nl="Met een duidelijke visie"),
        text=Text(
            en=(
                "A change that is uncertain and has a big impact needs a clear vision. "
                "The vision gives everyone involved a frame and something to hold on to. "
                "It becomes much stronger when the directors openly commit to it. "
                "It is less about the end goal and more about how you work and which values "
                "matter. "
                "Look for a balance between what technology can do, what society needs and "
                "being a good employer."
            ),
            nl=(
                "Een verandering die onzeker is en veel impact heeft, vraagt om een duidelijke "
                "visie. "
                "Die visie geeft iedereen die meedoet een kader en houvast. "
                "Ze wordt veel sterker als de bestuurders zich er openlijk achter zetten. "
                "Het gaat minder om het einddoel en meer om hoe je werkt en welke waarden je "
                "belangrijk vindt. "
                "Zoek de balans tussen wat technisch kan, wat de samenleving nodig heeft en "
                "goed werkgeverschap."
            ),
        ),
        case=Case(
            organisation="Den Haag / Waternet",
            text=Text(
                en=(
                    "The municipality of Den Haag (The Hague) chose to start small and "
                    "concrete. Waternet did the opposite and first outlined a strategic "
                    "route for the whole organisation."
                ),
                nl=(
                    "De gemeente Den Haag koos ervoor om klein en concreet te beginnen. "
                    "Waternet deed het andersom en schetste eerst op strategisch niveau een "
                    "route voor de hele organisatie."
                ),
            ),
        ),
        evidence="vision_approved",
    ),
    Lesson(
        number=3,
        title=Text(en="Just start", nl="Ga gewoon van start"),
        text=Text(
            en=(
                "Nobody knows exactly how much digitalisation will change the work in "
                "government organisations. "
                "Because technology moves fast, that picture keeps changing too. "
                "Many organisations want to know in advance exactly what will happen, and so "
                "they wait too long. "
                "So just begin, even when the content and the timeline are not clear yet."
            ),
            nl=(
                "Niemand weet precies hoeveel digitalisering het werk bij de overheid gaat "
                "veranderen. "
                "Omdat de techniek snel gaat, verandert dat beeld ook steeds. "
                "Veel organisaties willen vooraf precies weten wat er gaat gebeuren, en "
                "daardoor wachten ze te lang. "
                "Begin dus gewoon, ook als de inhoud en de planning nog niet duidelijk zijn."
            ),
        ),
        case=None,
        evidence="initiatives_started",
    ),
    Lesson(
        number=4,
        title=Text(en="An organic, iterative approach", nl="Een organische, iteratieve aanpak"),
        text=Text(
            en=(
                "You do not need a fixed plan that covers everything. "
                "In practice it works well to find out along the way what works, what does not "
                "and what people need. "
                "You then adjust your approach step by step. "
                "This also lets you respond quickly to new developments in technology."
            ),
            nl=(
                "Je hebt geen vast plan nodig waarin alles al geregeld is. "
                "In de praktijk werkt het goed om onderweg te ontdekken wat werkt, wat niet "
                "werkt en waar mensen behoefte aan hebben. "
                "Je past je aanpak dan stap voor stap aan. "
                "Zo kun je ook snel inspelen op nieuwe ontwikkelingen in de techniek."
            ),
        ),
        case=Case(
            organisation="Apeldoorn / Rotterdam",
            text=Text(
                en=(
                    "The municipalities of Apeldoorn and Rotterdam deliberately did not write "
                    "a fixed plan. They learned while doing what worked, what did not and "
                    "what was needed."
                ),
                nl=(
                    "De gemeenten Apeldoorn en Rotterdam kozen bewust niet voor een vast plan. "
                    "Ze leerden al doende wat werkte, wat niet werkte en waar behoefte aan was."
                ),
            ),
        ),
        evidence="adoption_tracks",
    ),
    Lesson(
        number=5,
        title=Text(en="Involve employees actively", nl="Betrek medewerkers actief"),
        text=Text(
            en=(
                "The changes affect employees most of all, so they have to work on them "
                "themselves. "
                "Involve employees actively in every change that prepares the organisation "
                "for the future. "
                "That way they see more clearly what the changes ask of them. "
                "And they are more willing to change along with them."
            ),
            nl=(
                "De veranderingen raken vooral de medewerkers, dus moeten zij er zelf ook mee "
                "aan de slag. "
                "Betrek medewerkers daarom actief bij elke verandering die de organisatie klaar "
                "maakt voor de toekomst. "
                "Zo zien ze beter wat de ontwikkelingen van hen vragen. "
                "En ze zijn eerder bereid om mee te veranderen."
            ),
        ),
        case=Case(
            organisation="Zuidhorn",
            text=Text(
                en=(
                    "The municipality of Zuidhorn involved its employees actively. Because of "
                    "that, they understood better what the changes meant for them and were "
                    "more willing to go along."
                ),
                nl=(
                    "De gemeente Zuidhorn betrok haar medewerkers actief. Daardoor begrepen ze "
                    "beter wat de veranderingen voor hen betekenden en gingen ze sneller mee."
                ),
            ),
        ),
        evidence="employees_in_scenarios",
    ),
    Lesson(
        number=6,
        title=Text(
            en="Give employees control of their own development",
            nl="Geef medewerkers grip op hun eigen ontwikkeling",
        ),
        text=Text(
            en=(
                "Start from what an employee can do and wants. "
                "It does not help when the organisation decides from the top what should "
                "happen to people. "
                "Let employees steer their own development, so they get a grip on their own "
                "career. "
                "Then they are more likely to move on to a new job, or to grow with what their "
                "work asks of them."
            ),
            nl=(
                "Ga uit van wat een medewerker kan en wil. "
                "Het helpt niet als de organisatie van bovenaf beslist wat er met mensen moet "
                "gebeuren. "
                "Laat medewerkers zelf hun ontwikkeling sturen, zodat ze grip krijgen op hun "
                "eigen loopbaan. "
                "Dan is de kans groter dat ze goed doorstromen naar een nieuwe baan, of "
                "meegroeien met wat hun werk van hen vraagt."
            ),
        ),
        case=None,
        evidence="own_development_actions",
    ),
    Lesson(
        number=7,
        title=Text(
            en="Give line managers responsibility",
            nl="Geef leidinggevenden verantwoordelijkheid",
        ),
        text=Text(
            en=(
                "Give line managers a key role in taking their people along in the change. "
                "All the organisations that were asked found this valuable. "
                "Managers make a real difference when they bring up the subject regularly. "
                "They also help by encouraging people and supporting them in their "
                "development, for example in the POP-gesprek."
            ),
            nl=(
                "Geef leidinggevenden een sleutelrol bij het meenemen van hun medewerkers in "
                "de verandering. "
                "Alle organisaties die meededen, vonden dat waardevol. "
                "Leidinggevenden maken echt verschil als ze het onderwerp regelmatig bespreken. "
                "Ook helpen ze door mensen aan te moedigen en te steunen in hun ontwikkeling, "
                "bijvoorbeeld in het POP-gesprek."
            ),
        ),
        case=None,
        evidence="pop_coverage",
    ),
    Lesson(
        number=8,
        title=Text(
            en="Dare to invest and experiment", nl="Durf te investeren en te experimenteren"
        ),
        text=Text(
            en=(
                "Helping people in vulnerable jobs move to a new, suitable place is not "
                "routine work. "
                "The usual mobility trajectories are often not enough for it. "
                "So try out other approaches too. "
                "At first that can look more expensive, or hard to fit into the normal legal "
                "and decision-making rules. "
                "But in the long run it often turns out cheaper and works better."
            ),
            nl=(
                "Mensen uit kwetsbare functies helpen naar een nieuwe, passende plek is geen "
                "standaardwerk. "
                "De gewone mobiliteitstrajecten zijn daarvoor vaak niet genoeg. "
                "Probeer daarom ook andere aanpakken uit. "
                "Dat lijkt eerst duurder, of moeilijk te passen in de normale regels en "
                "besluitvorming. "
                "Maar op de lange termijn blijkt het vaak goedkoper en werkt het beter."
            ),
        ),
        case=Case(
            organisation="Amersfoort",
            text=Text(
                en=(
                    "The municipality of Amersfoort tried other routes than the standard "
                    "mobility trajectories. Its experience is that this often costs less in "
                    "the long run and even works better."
                ),
                nl=(
                    "De gemeente Amersfoort probeerde andere routes dan de standaard "
                    "mobiliteitstrajecten. Haar ervaring is dat dit op de lange termijn vaak "
                    "minder kost en zelfs beter werkt."
                ),
            ),
        ),
        evidence="mobility_trajectories",
    ),
    Lesson(
        number=9,
        title=Text(en="Keep doing it", nl="Blijf het doen"),
        text=Text(
            en=(
                "Technology keeps developing, so the work keeps changing too. "
                "A good approach therefore goes on and has no fixed end date. "
                "Keep following what happens and let your approach change with it. "
                "See functiemetamorfose not as a project that will be finished, but as the "
                "normal way work changes from now on."
            ),
            nl=(
                "De techniek blijft zich ontwikkelen, dus het werk blijft ook veranderen. "
                "Een goede aanpak gaat daarom door en heeft geen vaste einddatum. "
                "Blijf volgen wat er gebeurt en laat je aanpak daarin meegaan. "
                "Zie functiemetamorfose niet als een project dat ooit klaar is, maar als de "
                "gewone manier waarop werk vanaf nu verandert."
            ),
        ),
        case=None,
        evidence="programme_without_end",
    ),
)
