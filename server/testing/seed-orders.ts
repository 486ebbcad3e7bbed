// A paid mini-program order with a receiver, as the shop's API would have stored it, for the tests
// of what follows a payment (shipping info, waybills).
import { sealReceiver } from "../commerce/orders/receiver";
import { db } from "../db/db";

const unique = () => Math.random().toString(36).slice(2, 10);

export async function seedPaidMiniProgramOrder(item = { name: "保温杯", quantity: 2, unitPriceFen: 4_450 }) {
  const customer = await db().customer.create({ data: { name: "韩梅梅" } });
  const transactionId = `4200${unique()}${unique()}`;
  const totalFen = item.quantity * item.unitPriceFen;
  const order = await db().order.create({
    data: {
      orderNo: `LD${unique()}`,
      totalFen,
      status: "PAID",
      paidAt: new Date(),
      paymentStatus: "PAID",
      channel: "mini-program",
      customerId: customer.id,
      shippingAddress: sealReceiver({
        name: "韩梅梅",
        phone: "13912345678",
        province: "上海市",
        city: "上海市",
        district: "浦东新区",
        address: "张江路 88 号",
      }),
      items: { create: { sku: "CUP", ...item } },
      payments: {
        create: {
          outTradeNo: `OT${unique()}`,
          transactionId,
          amountFen: totalFen,
          paidFen: totalFen,
          status: "PAID",
          payerOpenId: `o${unique()}`,
        },
      },
    },
  });
  return { order, transactionId };
}
