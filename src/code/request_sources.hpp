// The parameters through which web frameworks hand request data to the
// program's functions: routes by decorator (`@app.post(...)` on a FastAPI or
// Flask app, `@api_view`), parameters annotated `Request`/`UploadFile`,
// handlers registered with `Route(path, endpoint)` or Django's `path(route,
// view)` (possibly from another module), and the handler methods (get, post,
// ..., dispatch) of Django, DRF and Starlette view classes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "code/program.hpp"
#include "code/source_catalogue.hpp"

namespace sentinel::code {

struct RequestParameter {
  std::size_t function = 0;
  std::size_t parameter = 0;  // index into Function::parameters
  std::string why;            // "route fastapi.FastAPI.post"
};

[[nodiscard]] std::vector<RequestParameter> request_parameters(const Program& program,
                                                               const std::vector<Source>& sources);

}  // namespace sentinel::code
