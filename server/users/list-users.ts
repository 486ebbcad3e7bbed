import { db } from "../db/db";
import { toUserDto, userDtoSelect } from "./user-dto";

export async function listUsers() {
  const users = await db().user.findMany({ select: userDtoSelect, orderBy: [{ role: "desc" }, { name: "asc" }] });
  return users.map(toUserDto);
}
