"""schema.org descriptions (JSON-LD) of people, from what views have loaded."""

from wiki.structured_data import SCHEMA, reference


def person_reference(request, person) -> dict:
    return reference(request, person, "Person")


def people(request, persons) -> list[dict]:
    return [person_reference(request, person) for person in persons]


def person(request, person, context) -> dict:
    data = {"@context": SCHEMA, **person_reference(request, person)}
    if person.short_bio:
        data["description"] = person.short_bio
    return data
