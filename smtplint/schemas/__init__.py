"""JSON Schemas smtplint publishes (its JSON report; its configuration later). Also at the top-level schemas/."""
