"""The Singer wire level: message models, the one JSON codec, and message I/O."""
