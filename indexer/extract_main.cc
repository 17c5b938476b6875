// folio-extract: the worker process in which folio-index parses binary formats (a thin layer
// over folio::extractor_main).
#include "folio/reader.h"

int main(int argc, char** argv) { return folio::extractor_main(argc, argv); }
