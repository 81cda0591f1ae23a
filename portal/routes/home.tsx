import { Hono } from "hono";
import { requireUser } from "../auth/require-role.js";
import type { AppEnv } from "../env.js";
import { HomePage } from "../views/home.js";

// Placeholder signed-in home page. The clients page replaces this route group
// (issue 4 follow-up); keep `GET /` behind requireUser when it does.
export function homeRoutes() {
  return new Hono<AppEnv>().get("/", requireUser(), (c) =>
    c.html(<HomePage user={c.get("user")} csrfToken={c.get("csrfToken")} />),
  );
}
