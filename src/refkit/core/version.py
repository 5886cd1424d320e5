"""refkit's version, in one place (the facade and the reports read it)."""

VERSION = "0.1.0"
