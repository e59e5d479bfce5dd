import type { users } from "@/db/schema";
import type { User } from "@/server/contracts/users";

export function toUserDto(row: typeof users.$inferSelect): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, active: row.active, createdAt: row.createdAt.toISOString() };
}
