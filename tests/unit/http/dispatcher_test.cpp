#include "http/dispatcher.hpp"

#include <gtest/gtest.h>

#include <future>
#include <stdexcept>
#include <thread>

#include "core/errors.hpp"
#include "http/middleware.hpp"
#include "http/worker_pool.hpp"

namespace guildhall::http {
namespace {

class DispatcherTest : public ::testing::Test {
 protected:
  DispatcherTest() : pool_(2, 4), dispatcher_(router_, pool_) {
    dispatcher_.use(locale_middleware());
    dispatcher_.use(
        error_mapping_middleware({[](const std::exception& e) -> std::optional<core::AppError> {
          if (std::string(e.what()) == "db down") {
            return core::AppError(core::ErrorKind::unavailable, "database_unavailable",
                                  {"数据库不可用", "database down"})
                .with_retry_after(5);
          }
          return std::nullopt;
        }}));
  }

  Response run(Method method, std::string path, HeaderList headers = {}) {
    Request r;
    r.method = method;
    r.path = std::move(path);
    r.headers = std::move(headers);
    r.request_id = "rid";
    return dispatcher_.handle(r);
  }

  Router router_;
  WorkerPool pool_;
  Dispatcher dispatcher_;
};

TEST_F(DispatcherTest, UnknownPathIsAProblem404InChineseByDefault) {
  const Response r = run(Method::get, "/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(*r.header("Content-Type"), "application/problem+json; charset=utf-8");
  EXPECT_NE(r.body.find("找不到"), std::string::npos);
  EXPECT_NE(r.body.find("\"requestId\":\"rid\""), std::string::npos);
}

TEST_F(DispatcherTest, EnglishWhenTheClientPrefersIt) {
  const Response r = run(Method::get, "/nope", {{"accept-language", "en-US,en;q=0.9,zh;q=0.5"}});
  EXPECT_NE(r.body.find("not found"), std::string::npos);
}

TEST_F(DispatcherTest, WrongMethodIs405WithAllowAndOptionsIs204) {
  router_.add(Method::get, "/x", Execution::io_thread, {}, [](Request&) { return Response(); });
  const Response r = run(Method::post, "/x");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(*r.header("Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(run(Method::options, "/x").status, 204);
}

TEST_F(DispatcherTest, ExceptionTextNeverReachesTheClient) {
  router_.add(Method::get, "/boom", Execution::io_thread, {}, [](Request&) -> Response {
    throw std::runtime_error("SELECT secret FROM accounts");
  });
  const Response r = run(Method::get, "/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("SELECT"), std::string::npos);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST_F(DispatcherTest, TypedErrorsAndTranslatedLowerLayerErrorsKeepTheirStatus) {
  router_.add(Method::get, "/invalid", Execution::io_thread, {}, [](Request&) -> Response {
    throw core::AppError(core::ErrorKind::validation, "validation_failed", {"有误", "invalid"})
        .with_fields({{"mobile", "format", {"手机号格式不正确", "bad mobile"}}});
  });
  router_.add(Method::get, "/db", Execution::io_thread, {},
              [](Request&) -> Response { throw std::runtime_error("db down"); });
  const Response invalid = run(Method::get, "/invalid");
  EXPECT_EQ(invalid.status, 422);
  EXPECT_NE(invalid.body.find("\"field\":\"mobile\""), std::string::npos);
  EXPECT_NE(invalid.body.find("手机号格式不正确"), std::string::npos);
  const Response db = run(Method::get, "/db");
  EXPECT_EQ(db.status, 503);
  EXPECT_EQ(*db.header("Retry-After"), "5");
}

TEST_F(DispatcherTest, WorkerRoutesRunOffTheCallingThread) {
  router_.add(Method::get, "/slow", Execution::worker, {}, [](Request&) {
    Response r;
    r.body = std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
    return r;
  });
  Request request;
  request.path = "/slow";
  std::promise<Response> done;
  dispatcher_.dispatch(std::move(request), [&](Response r) { done.set_value(std::move(r)); });
  const Response r = done.get_future().get();
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body, std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())));
}

TEST(WorkerPoolTest, RefusesWorkBeyondItsQueueAndRunsWhatItAccepted) {
  WorkerPool pool(1, 1);
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.try_submit([released, &ran] {
    released.wait();
    ++ran;
  }));
  // The single worker may not have taken the first task yet; fill the queue until refused.
  int accepted = 0;
  while (pool.try_submit([&ran] { ++ran; })) {
    ++accepted;
    ASSERT_LE(accepted, 2);
  }
  release.set_value();
  pool.stop();
  EXPECT_EQ(ran.load(), 1 + accepted);
  EXPECT_FALSE(pool.try_submit([] {}));
}

}  // namespace
}  // namespace guildhall::http
