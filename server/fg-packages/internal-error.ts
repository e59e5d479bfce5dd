import { AppError } from "@/server/errors";

export const internalError = (message: string) => new AppError("internal", message);
