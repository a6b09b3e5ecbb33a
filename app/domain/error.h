#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace sanctum {

// A failure that can cross every layer: a stable machine code (used in JSON
// replies and exit-code decisions) and a sentence a person can act on.
struct Error {
    QString code;
    QString message;
    int httpStatus = 0; // when the failure is an HTTP answer
};

// The result of an operation that can fail. Kept tiny on purpose: C++20 has no
// std::expected, and every layer needs the same two answers.
template<typename T>
class Expected {
public:
    Expected(T value)
        : m_v(std::move(value))
    {
    }
    Expected(Error error)
        : m_v(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_v); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_v); }
    T &value() & { return std::get<T>(m_v); }
    T &&value() && { return std::get<T>(std::move(m_v)); }
    const T *operator->() const { return &std::get<T>(m_v); }
    const T &operator*() const { return std::get<T>(m_v); }

    const Error &error() const { return std::get<Error>(m_v); }

private:
    std::variant<T, Error> m_v;
};

// For operations that only succeed or fail.
struct Done {};
using Status = Expected<Done>;

} // namespace sanctum
