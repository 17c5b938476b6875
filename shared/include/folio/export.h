// FOLIO_API marks what libfolio.so exports: the public API declared in folio/*.h. The library
// is compiled with hidden visibility, so everything else stays inside it (and may change
// without breaking a program linked against it).
#pragma once

#define FOLIO_API __attribute__((visibility("default")))
