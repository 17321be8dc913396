"""Built-in rule catalogue and language packs (YAML data, shipped inside the wheel)."""
