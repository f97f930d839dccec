# fuzz regression: a repeat count that multiplies to 40 GB (ASan out-of-memory in
# assembler.cpp LineParser::literal, std::string::reserve)
RAW "20"*20000200000
