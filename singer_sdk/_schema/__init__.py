"""JSON Schema building blocks behind the public ``singer_sdk.typing`` façade."""
