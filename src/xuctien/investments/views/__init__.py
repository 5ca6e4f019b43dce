"""Pages of the investment pipeline; each module holds one concern."""
