"""The records of 专项行动与柔性执法."""
