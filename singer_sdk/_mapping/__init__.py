"""Stream maps and flattening: how records are reshaped between a stream and the output."""
