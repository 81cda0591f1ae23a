// The delivery family: what is sent on its own schedule (reminders, notifications). The command line
// only: a scheduler runs `signed-share remind`.
import { remind } from "./remind.js";

export const deliveryOperations = { remind } as const;
