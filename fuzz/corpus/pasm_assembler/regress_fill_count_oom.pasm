# fuzz regression: FILL with a count of 90 TB (std::bad_alloc out of assemble;
# assembler.cpp FILL)
FILL 0x4e 90000000000000
