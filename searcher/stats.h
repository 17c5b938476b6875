// `folio-search stats`: what the searches in a request log (serve --log --log-queries) were.
#pragma once

namespace folio::cli {

/// `folio-search stats [flags]`: argv[0] is "stats". Returns the exit status: 0, 1 when the
/// log cannot be read, 2 on bad usage.
int stats_main(int argc, char** argv);

}  // namespace folio::cli
