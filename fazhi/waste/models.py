"""The records of 建筑垃圾（渣土）准运."""
