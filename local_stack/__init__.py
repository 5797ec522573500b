"""Run the stack on one machine without AWS or Docker, driven by template.yaml."""
