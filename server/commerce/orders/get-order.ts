import { db } from "../../db/db";
import { AppError, localized } from "../../errors";
import { type OrderDto, orderDtoInclude, toOrderDto } from "./order-dto";

export async function getOrder(orderNo: string): Promise<OrderDto> {
  const order = await db().order.findUnique({ where: { orderNo }, include: orderDtoInclude });
  if (!order) throw new AppError("NOT_FOUND", localized("error.orderNotFound"));
  return toOrderDto(order);
}
