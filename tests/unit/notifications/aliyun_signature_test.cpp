#include "modules/notifications/aliyun_signature.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "core/clock.hpp"
#include "modules/notifications/aliyun_sms_provider.hpp"

namespace guildhall::notifications {
namespace {

// The worked example of Aliyun's "HTTP协议及签名" page for SendSms
// (help.aliyun.com/document_detail/101343): AccessKeyId testId, AccessKeySecret testSecret.
aliyun::Params documented_request() {
  return {
      {"AccessKeyId", "testId"},
      {"Action", "SendSms"},
      {"Format", "XML"},
      {"OutId", "123"},
      {"PhoneNumbers", "15300000001"},
      {"RegionId", "cn-hangzhou"},
      {"SignName", "阿里云短信测试专用"},
      {"SignatureMethod", "HMAC-SHA1"},
      {"SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"},
      {"SignatureVersion", "1.0"},
      {"TemplateCode", "SMS_71390007"},
      {"TemplateParam", "{\"customer\":\"test\"}"},
      {"Timestamp", "2017-07-12T02:42:19Z"},
      {"Version", "2017-05-25"},
  };
}

TEST(AliyunSignatureTest, ReproducesTheDocumentedStringToSign) {
  EXPECT_EQ(aliyun::string_to_sign("GET", documented_request()),
            "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26"
            "PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%"
            "2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595%"
            "25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%"
            "3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%"
            "3DSMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%"
            "26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25");
}

TEST(AliyunSignatureTest, ReproducesTheDocumentedSignature) {
  const std::string signature = aliyun::sign("GET", documented_request(), "testSecret");
  EXPECT_EQ(signature, "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  EXPECT_EQ(aliyun::percent_encode(signature), "zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D");
}

TEST(AliyunSignatureTest, AnotherSecretGivesAnotherSignature) {
  EXPECT_NE(aliyun::sign("GET", documented_request(), "testsecret"),
            "zJDF+Lrzhj/ThnlvIToysFRq6t4=");
}

TEST(AliyunSignatureTest, ReproducesTheDocumentedCanonicalQueryAndUrl) {
  EXPECT_EQ(aliyun::canonical_query(documented_request()),
            "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&"
            "RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%"
            "8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-"
            "0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&TemplateCode=SMS_71390007&"
            "TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&"
            "Version=2017-05-25");
}

TEST(AliyunSignatureTest, PercentEncodingFollowsRfc3986) {
  EXPECT_EQ(aliyun::percent_encode("a b"), "a%20b");
  EXPECT_EQ(aliyun::percent_encode("*"), "%2A");
  EXPECT_EQ(aliyun::percent_encode("~-_.AZaz09"), "~-_.AZaz09");
  EXPECT_EQ(aliyun::percent_encode("/=&+"), "%2F%3D%26%2B");
}

TEST(AliyunSignatureTest, TimestampIsIso8601Utc) {
  EXPECT_EQ(aliyun::iso8601_utc(1499827339000LL), "2017-07-12T02:42:19Z");
}

TEST(AliyunSmsProviderTest, RequestUrlCarriesEveryParameterAndAVerifiableSignature) {
  const core::ManualClock clock(
      std::chrono::system_clock::time_point(std::chrono::milliseconds(1499827339000LL)));
  SmsConfig config;
  config.endpoint = "http://127.0.0.1:9/";
  config.access_key_id = "testId";
  config.access_key_secret = "testSecret";
  config.sign_name = "阿里云短信测试专用";
  AliyunSmsProvider provider(config, clock);
  const std::string url =
      provider.request_url({.message_id = "123",
                            .tenant_slug = "med",
                            .mobile = "15300000001",
                            .template_key = "sms_code",
                            .params = {{"customer", "test"}},
                            .text = ""},
                           "SMS_71390007", "45e25e9b-0a6f-4070-8c85-2956eda1b466");
  // Same parameters as the documented example except Format=JSON: recompute independently.
  auto expected = documented_request();
  expected["Format"] = "JSON";
  EXPECT_EQ(url, "http://127.0.0.1:9/?Signature=" +
                     aliyun::percent_encode(aliyun::sign("GET", expected, "testSecret")) + "&" +
                     aliyun::canonical_query(expected));
}

TEST(AliyunSmsProviderTest, ClassifiesAnswers) {
  EXPECT_EQ(classify_aliyun_answer(200, R"({"Code":"OK","Message":"OK","BizId":"1"})").kind,
            SendResult::Kind::sent);
  EXPECT_EQ(classify_aliyun_answer(200, R"({"Code":"isv.BUSINESS_LIMIT_CONTROL"})").kind,
            SendResult::Kind::retry);
  EXPECT_EQ(classify_aliyun_answer(500, R"({"Code":"isp.SYSTEM_ERROR"})").kind,
            SendResult::Kind::retry);
  EXPECT_EQ(classify_aliyun_answer(502, "<html>bad gateway</html>").kind, SendResult::Kind::retry);
  const auto refused =
      classify_aliyun_answer(400, R"({"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"bad"})");
  EXPECT_EQ(refused.kind, SendResult::Kind::permanent);
  EXPECT_NE(refused.error.find("isv.MOBILE_NUMBER_ILLEGAL"), std::string::npos);
}

TEST(AliyunSmsProviderTest, AMissingTemplateCodeIsRefusedWithoutARequest) {
  const core::SystemClock clock;
  SmsConfig config;
  config.endpoint = "http://127.0.0.1:9/";
  AliyunSmsProvider provider(config, clock);
  const auto result = provider.send({.message_id = "m",
                                     .tenant_slug = "med",
                                     .mobile = "13800138000",
                                     .template_key = "sms_code",
                                     .params = {},
                                     .text = ""});
  EXPECT_EQ(result.kind, SendResult::Kind::permanent);
  EXPECT_NE(result.error.find("sms.templates"), std::string::npos);
}

}  // namespace
}  // namespace guildhall::notifications
