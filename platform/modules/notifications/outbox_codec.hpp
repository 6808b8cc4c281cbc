// How outbox values are spelled in the database: channel names and the JSON of template
// parameters. Shared by the stores that write and read outbox rows.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "modules/notifications/outbox.hpp"

namespace guildhall::notifications {

std::string_view channel_name(Channel channel);  // "email", "sms"
std::optional<Channel> parse_channel(std::string_view name);

std::string params_to_json(const std::map<std::string, std::string>& params);
// Throws std::invalid_argument when the text is not a JSON object of strings.
std::map<std::string, std::string> params_from_json(std::string_view json);

}  // namespace guildhall::notifications
