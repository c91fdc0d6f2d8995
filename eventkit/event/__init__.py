"""The event file and its model: TOML → validated Event (located errors), the checks, and the JSON Schema and field reference made from the model."""
