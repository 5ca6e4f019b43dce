"""Programme pages: monitoring (dashboard, indicator, export) and data entry/governance."""
