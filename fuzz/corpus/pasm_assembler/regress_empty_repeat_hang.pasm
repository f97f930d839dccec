# fuzz regression: an empty literal repeated 9e18 times loops for ever
# (assembler.cpp LineParser::literal)
RAW ""*9000000000000000000
