"""Demo tenant: a deterministic synthetic seller (`generator`) and its database loader (`loader`)."""
