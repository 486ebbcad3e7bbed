import { queryUnpaidOrders } from "../../payments/query-unpaid-orders";
import { defineJob } from "../define-job";
import { paymentsQueryUnpaidContract } from "./payments-query-unpaid.contract";

export const paymentsQueryUnpaidJob = defineJob({
  ...paymentsQueryUnpaidContract,
  async handler(_payload, { log }) {
    const results = await queryUnpaidOrders();
    const paid = results.filter((result) => result.outcome !== "unpaid");
    if (paid.length > 0) log.info({ orders: paid.map((result) => result.orderNo) }, "payments found by query");
  },
});
