"""The event file and its model: TOML → validated Event (located errors), the scaffold."""
