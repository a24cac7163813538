"""Plan stage: turn checked packs into pure-data plans that writers render."""
