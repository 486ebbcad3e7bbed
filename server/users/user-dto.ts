import type { Prisma } from "../generated/prisma/client";

export const userDtoSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  presence: true,
  presenceChangedAt: true,
  capacity: true,
  skills: true,
  disabledAt: true,
  teams: { select: { team: { select: { id: true, name: true } } } },
} satisfies Prisma.UserSelect;

type UserRow = Prisma.UserGetPayload<{ select: typeof userDtoSelect }>;

/** What the console may know about a user: never the password hash or sessions. */
export function toUserDto(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    presence: user.presence,
    presenceChangedAt: user.presenceChangedAt.toISOString(),
    capacity: user.capacity,
    skills: user.skills,
    disabled: user.disabledAt !== null,
    teams: user.teams.map((membership) => membership.team),
  };
}

export type UserDto = ReturnType<typeof toUserDto>;
