// stem-hub's configuration file (installed as /etc/stem-hub/stem-hub.conf and read by
// `stem-hub serve --config FILE`): one `key = value` per line, blank lines and lines starting
// with '#' ignored. Keys: db, listen, tls-cert, tls-key, max-batch-bytes, trusted-proxy,
// connections-per-address, head-deadline-ms. Options given on the command line win over the
// file.
// Errors (nothing is half-applied): NotFound "cannot_read_config" when the file cannot be
// read; InvalidArgument "bad_config" naming the file and line for an unknown key, a line
// without '=', an empty value, a key given twice, or a file over 64 KiB.
#pragma once

#include <map>
#include <string>

#include "data/status.h"

namespace stem::hub {

// Parses the text of a configuration file; `name` is used in error messages. Returns the
// settings keyed as the command line spells them ("--db", "--listen", ...).
Result<std::map<std::string, std::string>> ParseHubConfig(const std::string& text,
                                                          const std::string& name);

// Reads and parses the file at `path`.
Result<std::map<std::string, std::string>> ReadHubConfig(const std::string& path);

}  // namespace stem::hub
