"""Xúc Tiến: the software a province runs its investment programme on."""
