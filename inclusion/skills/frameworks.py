"""Competence frameworks as plain data: DigComp 2.2 and suggested organisation extras.

DigComp 2.2 is the European Digital Competence Framework for Citizens (JRC, 2022):
5 competence areas, 21 competences and 8 proficiency levels in 4 groups. The
numbers and English names below are the framework's own; the Dutch names are
common Dutch renderings, and the level descriptions are short summaries written
for this application, not the framework's descriptors.

Seed 003 names three broad skills an organisation may want to assess as well
(data-driven working, managing change, ethical thinking and acting). They are
offered as suggested extras and are marked as not part of DigComp.

No Django here: the models load from these tuples.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """One text in both interface languages (data, not a gettext msgid)."""

    en: str
    nl: str


@dataclass(frozen=True)
class Competence:
    code: str
    name: Text
    # False for competences an organisation adds itself (ORGANISATION_EXTRAS).
    digcomp: bool = True


@dataclass(frozen=True)
class Area:
    number: int
    name: Text
    competences: tuple[Competence, ...]


@dataclass(frozen=True)
class Level:
    number: int
    group: str  # "foundation" | "intermediate" | "advanced" | "highly_specialised"
    description: Text


DIGCOMP_VERSION = "2.2"


def _c(code: str, en: str, nl: str) -> Competence:
    return Competence(code=code, name=Text(en=en, nl=nl))


AREAS: tuple[Area, ...] = (
    Area(
        number=1,
        name=Text(en="Information and data literacy", nl="Informatie- en datageletterdheid"),
        competences=(
            _c(
                "1.1",
                "Browsing, searching and filtering data, information and digital content",
                "Browsen, zoeken en filteren van data, informatie en digitale inhoud",
            ),
            _c(
                "1.2",
                "Evaluating data, information and digital content",
                "Beoordelen van data, informatie en digitale inhoud",
            ),
            _c(
                "1.3",
                "Managing data, information and digital content",
                "Beheren van data, informatie en digitale inhoud",
            ),
        ),
    ),
    Area(
        number=2,
        name=Text(en="Communication and collaboration", nl="Communicatie en samenwerking"),
        competences=(
            _c(
                "2.1",
                "Interacting through digital technologies",
                "Interactie via digitale technologieën",
            ),
            _c(
                "2.2",
                "Sharing through digital technologies",
                "Delen via digitale technologieën",
            ),
            _c(
                "2.3",
                "Engaging in citizenship through digital technologies",
                "Burgerschap uitoefenen via digitale technologieën",
            ),
            _c(
                "2.4",
                "Collaborating through digital technologies",
                "Samenwerken via digitale technologieën",
            ),
            # The Dutch word is the same: Netiquette is in common Dutch use.
            _c("2.5", "Netiquette", "Netiquette"),
            _c("2.6", "Managing digital identity", "Beheren van de digitale identiteit"),
        ),
    ),
    Area(
        number=3,
        name=Text(en="Digital content creation", nl="Creëren van digitale inhoud"),
        competences=(
            _c("3.1", "Developing digital content", "Ontwikkelen van digitale inhoud"),
            _c(
                "3.2",
                "Integrating and re-elaborating digital content",
                "Integreren en bewerken van digitale inhoud",
            ),
            _c("3.3", "Copyright and licences", "Auteursrecht en licenties"),
            _c("3.4", "Programming", "Programmeren"),
        ),
    ),
    Area(
        number=4,
        name=Text(en="Safety", nl="Veiligheid"),
        competences=(
            _c("4.1", "Protecting devices", "Beschermen van apparaten"),
            _c(
                "4.2",
                "Protecting personal data and privacy",
                "Beschermen van persoonsgegevens en privacy",
            ),
            _c(
                "4.3",
                "Protecting health and well-being",
                "Beschermen van gezondheid en welzijn",
            ),
            _c("4.4", "Protecting the environment", "Beschermen van het milieu"),
        ),
    ),
    Area(
        number=5,
        name=Text(en="Problem solving", nl="Problemen oplossen"),
        competences=(
            _c("5.1", "Solving technical problems", "Oplossen van technische problemen"),
            _c(
                "5.2",
                "Identifying needs and technological responses",
                "Vaststellen van behoeften en technologische oplossingen",
            ),
            _c(
                "5.3",
                "Creatively using digital technologies",
                "Creatief gebruiken van digitale technologieën",
            ),
            _c(
                "5.4",
                "Identifying digital competence gaps",
                "Vaststellen van hiaten in digitale competenties",
            ),
        ),
    ),
)

# Every DigComp competence in framework order (1.1 ... 5.4).
COMPETENCES: tuple[Competence, ...] = tuple(c for area in AREAS for c in area.competences)

LEVEL_GROUPS: dict[str, Text] = {
    "foundation": Text(en="Foundation", nl="Basis"),
    "intermediate": Text(en="Intermediate", nl="Gemiddeld"),
    "advanced": Text(en="Advanced", nl="Gevorderd"),
    "highly_specialised": Text(en="Highly specialised", nl="Hooggespecialiseerd"),
}

LEVELS: tuple[Level, ...] = (
    Level(
        number=1,
        group="foundation",
        description=Text(
            en="Does simple tasks with help from someone else.",
            nl="Doet eenvoudige taken met hulp van iemand anders.",
        ),
    ),
    Level(
        number=2,
        group="foundation",
        description=Text(
            en="Does simple tasks alone, and asks for help when needed.",
            nl="Doet eenvoudige taken zelf, en vraagt hulp als dat nodig is.",
        ),
    ),
    Level(
        number=3,
        group="intermediate",
        description=Text(
            en="Does clear, routine tasks and solves simple problems independently.",
            nl="Doet duidelijke, vaste taken en lost eenvoudige problemen zelfstandig op.",
        ),
    ),
    Level(
        number=4,
        group="intermediate",
        description=Text(
            en="Independently handles varied tasks and clear problems that are not routine.",
            nl="Doet zelfstandig uiteenlopende taken en lost duidelijke, niet-alledaagse "
            "problemen op.",
        ),
    ),
    Level(
        number=5,
        group="advanced",
        description=Text(
            en="Handles many kinds of tasks and problems, and helps others with them.",
            nl="Pakt veel soorten taken en problemen aan, en helpt anderen daarbij.",
        ),
    ),
    Level(
        number=6,
        group="advanced",
        description=Text(
            en="Chooses the best approach in complex situations and adapts it for others.",
            nl="Kiest in complexe situaties de beste aanpak en past die aan voor anderen.",
        ),
    ),
    Level(
        number=7,
        group="highly_specialised",
        description=Text(
            en="Solves complex problems with few possible answers and improves "
            "professional practice.",
            nl="Lost complexe problemen op met weinig mogelijke antwoorden en verbetert "
            "de beroepspraktijk.",
        ),
    ),
    Level(
        number=8,
        group="highly_specialised",
        description=Text(
            en="Solves very complex problems with many linked factors and brings new "
            "ideas to the field.",
            nl="Lost zeer complexe problemen op met veel samenhangende factoren en brengt "
            "nieuwe ideeën in het vakgebied.",
        ),
    ),
)

# Seed 003: skills a public employer may want to assess on top of DigComp.
ORGANISATION_EXTRAS: tuple[Competence, ...] = (
    Competence(
        code="O.1",
        name=Text(en="Data-driven working", nl="Datagedreven werken"),
        digcomp=False,
    ),
    Competence(
        code="O.2",
        name=Text(en="Managing change", nl="Verandermanagement"),
        digcomp=False,
    ),
    Competence(
        code="O.3",
        name=Text(en="Ethical thinking and acting", nl="Ethisch denken en handelen"),
        digcomp=False,
    ),
)
