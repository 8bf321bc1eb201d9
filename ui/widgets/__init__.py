"""Small shared widgets: search box, validated fields, enum combo boxes."""
