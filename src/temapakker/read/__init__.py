"""Read stage: pack folders into the Pack model."""
