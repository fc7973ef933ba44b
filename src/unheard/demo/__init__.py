"""Data that is not the record: the demo data the apps declare (`unheard loaddemo`) and
synthetic people for benchmarks (`unheard synth`)."""
