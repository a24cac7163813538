"""Words printed on the outputs, in bokmål, nynorsk and English."""

from __future__ import annotations

LABELS: dict[str, dict[str, str]] = {
    "nb": {
        "runsheet": "Kjøreplan", "handout": "Forberedelse", "slide": "Lysbilde",
        "slides": "Lysbilder", "time": "Tid", "minutes": "Min.", "total": "Sum",
        "activity": "Aktivitet", "lead": "Ansvar", "materials": "Materiell",
        "optional": "Kan kuttes", "optional_note": "kan kuttes ved tidsnød",
        "start": "Start", "end": "Slutt", "length": "Varighet", "date": "Dato",
        "place": "Sted", "version": "Versjon", "built": "Bygget", "roles": "Roller",
        "group_cards": "Gruppeoppgaver", "tasks": "Oppgaver", "grouping": "Gruppeinndeling",
        "group_roles": "Roller i gruppen", "answers": "Hvordan svarer vi?",
        "checklist": "Sjekkliste for materiell", "agenda": "Program for deltakerne",
        "questions": "Refleksjonsspørsmål", "reading": "Anbefalt lesning",
        "minutes_unit": "min", "used_in": "brukes i", "page_of": "side",
        "presentasjon": "Presentasjon", "refleksjon": "Refleksjon",
        "gruppearbeid": "Gruppearbeid", "plenum": "Plenum", "pause": "Pause",
        "for_facilitator": "For prosessleder", "who": "Hvem",
    },
    "nn": {
        "runsheet": "Køyreplan", "handout": "Førebuing", "slide": "Lysbilete",
        "slides": "Lysbilete", "time": "Tid", "minutes": "Min.", "total": "Sum",
        "activity": "Aktivitet", "lead": "Ansvar", "materials": "Materiell",
        "optional": "Kan kuttast", "optional_note": "kan kuttast ved tidsnaud",
        "start": "Start", "end": "Slutt", "length": "Lengd", "date": "Dato",
        "place": "Stad", "version": "Versjon", "built": "Bygd", "roles": "Roller",
        "group_cards": "Gruppeoppgåver", "tasks": "Oppgåver", "grouping": "Gruppeinndeling",
        "group_roles": "Roller i gruppa", "answers": "Korleis svarar vi?",
        "checklist": "Sjekkliste for materiell", "agenda": "Program for deltakarane",
        "questions": "Refleksjonsspørsmål", "reading": "Tilrådd lesing",
        "minutes_unit": "min", "used_in": "blir brukt i", "page_of": "side",
        "presentasjon": "Presentasjon", "refleksjon": "Refleksjon",
        "gruppearbeid": "Gruppearbeid", "plenum": "Plenum", "pause": "Pause",
        "for_facilitator": "For prosessleiar", "who": "Kven",
    },
    "en": {
        "runsheet": "Run sheet", "handout": "Preparation", "slide": "Slide",
        "slides": "Slides", "time": "Time", "minutes": "Min.", "total": "Total",
        "activity": "Activity", "lead": "Lead", "materials": "Materials",
        "optional": "Optional", "optional_note": "may be cut when running late",
        "start": "Start", "end": "End", "length": "Length", "date": "Date",
        "place": "Place", "version": "Version", "built": "Built", "roles": "Roles",
        "group_cards": "Group tasks", "tasks": "Tasks", "grouping": "Groups",
        "group_roles": "Roles in the group", "answers": "How do we answer?",
        "checklist": "Materials checklist", "agenda": "Participants' programme",
        "questions": "Reflection questions", "reading": "Recommended reading",
        "minutes_unit": "min", "used_in": "used in", "page_of": "page",
        "presentasjon": "Presentation", "refleksjon": "Reflection",
        "gruppearbeid": "Group work", "plenum": "Plenary", "pause": "Break",
        "for_facilitator": "For the facilitator", "who": "Who",
    },
}


def labels_for(language: str) -> dict[str, str]:
    """The labels of a pack's language (bokmål when unknown)."""
    return LABELS.get(language, LABELS["nb"])
