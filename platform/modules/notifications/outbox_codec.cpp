#include "modules/notifications/outbox_codec.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace guildhall::notifications {

std::string_view channel_name(Channel channel) {
  return channel == Channel::email ? "email" : "sms";
}

std::optional<Channel> parse_channel(std::string_view name) {
  if (name == "email") {
    return Channel::email;
  }
  if (name == "sms") {
    return Channel::sms;
  }
  return std::nullopt;
}

std::string params_to_json(const std::map<std::string, std::string>& params) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [key, value] : params) {
    object[key] = value;
  }
  return object.dump();
}

std::map<std::string, std::string> params_from_json(std::string_view json) {
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_object()) {
    throw std::invalid_argument("outbox parameters are not a JSON object");
  }
  std::map<std::string, std::string> out;
  for (const auto& [key, value] : parsed.items()) {
    if (!value.is_string()) {
      throw std::invalid_argument("outbox parameter \"" + key + "\" is not a string");
    }
    out.emplace(key, value.get<std::string>());
  }
  return out;
}

}  // namespace guildhall::notifications
