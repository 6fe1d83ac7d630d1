// stem-hub's command line: `serve` and the admin subcommands. RunHub() is the whole program
// minus main(). Exit codes: 0 ok, 1 failure, 2 usage mistake; errors are one line on stderr.
// `serve` prints "listening on HOST:PORT" on stdout once it accepts connections, and stops
// cleanly on SIGINT or SIGTERM.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace stem::hub {

int RunHub(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err);

}  // namespace stem::hub
