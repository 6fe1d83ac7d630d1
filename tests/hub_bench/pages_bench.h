// hub-bench (d): the staff pages at scale, on a hub database hub-bench made.
#pragma once

#include <string>

namespace stem::bench {

// Serves `db` with the real stem-hub and prints p50/p95 server times of the overview, the
// first and the last page of a form's responses, a person search and one response's page,
// then a streamed XLSX download's time and the hub's peak RSS during it.
void MeasurePages(const std::string& hub_binary, const std::string& dir, const std::string& db);

}  // namespace stem::bench
