// The cash-coupon stocks agents may issue (Settings → 代金券): each as the brand created it on the
// WeChat Pay merchant platform. The issuing merchant must be one LoopDesk can sign for, checked here.
import { z } from "zod";
import { recordAudit } from "../../audit/record-audit";
import type { SessionUser } from "../../auth/sessions";
import { db } from "../../db/db";
import { isUniqueViolation } from "../../db/unique-violation";
import { AppError, localized } from "../../errors";
import type { Prisma } from "../../generated/prisma/client";
import type { CouponGrantStatus } from "../../generated/prisma/enums";
import { merchantOf } from "../../payments/wechatpay/merchant";

const mchId = z.string().regex(/^\d{6,16}$/, "商户号 / merchant id: digits");

export const couponStockInputSchema = z
  .object({
    stockId: z.string().regex(/^\d{1,20}$/, "批次号 / stock id: digits"),
    name: z.string().trim().min(1).max(40),
    creatorMchId: mchId,
    mchId,
    appId: z.string().regex(/^wx[0-9a-f]{16}$/i, "AppID like wx0123456789abcdef"),
    amountFen: z.number().int().min(1).max(10_000_00),
    minimumFen: z.number().int().min(0).max(100_000_00),
    active: z.boolean().default(true),
  })
  .refine((stock) => stock.minimumFen === 0 || stock.minimumFen > stock.amountFen, {
    message: "使用门槛须高于面额 / the minimum must exceed the face value",
    path: ["minimumFen"],
  });

export const couponStockUpdateSchema = z.object({ active: z.boolean() });

const stockSelect = {
  id: true,
  stockId: true,
  name: true,
  creatorMchId: true,
  mchId: true,
  appId: true,
  amountFen: true,
  minimumFen: true,
  active: true,
  createdAt: true,
  _count: { select: { grants: { where: { status: { in: ["SENT", "USED"] as CouponGrantStatus[] } } } } },
} as const satisfies Prisma.CouponStockSelect;

export async function listCouponStocks(options: { activeOnly?: boolean } = {}) {
  const rows = await db().couponStock.findMany({
    where: options.activeOnly ? { active: true } : {},
    orderBy: { createdAt: "asc" },
    select: stockSelect,
  });
  return rows.map(({ _count, createdAt, ...stock }) => ({
    ...stock,
    createdAt: createdAt.toISOString(),
    issuedCount: _count.grants,
  }));
}
export type CouponStockDto = Awaited<ReturnType<typeof listCouponStocks>>[number];

export async function addCouponStock(
  user: SessionUser,
  input: z.infer<typeof couponStockInputSchema>,
  ip: string | null,
): Promise<CouponStockDto> {
  if (!(await merchantOf(input.mchId))?.signer) {
    throw new AppError("INVALID_INPUT", localized("error.couponMerchantUnknown", { mchId: input.mchId }));
  }
  try {
    const stock = await db().$transaction(async (tx) => {
      const created = await tx.couponStock.create({ data: input, select: { id: true } });
      await recordAudit(
        {
          action: "coupon_stock.added",
          actorId: user.id,
          subjectType: "coupon_stock",
          subjectId: created.id,
          ip,
          details: input,
        },
        tx,
      );
      return created;
    });
    return (await listCouponStocks()).find((row) => row.id === stock.id) as CouponStockDto;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", localized("error.couponStockExists"));
    throw error;
  }
}

export async function updateCouponStock(
  user: SessionUser,
  id: string,
  input: z.infer<typeof couponStockUpdateSchema>,
  ip: string | null,
): Promise<void> {
  await db().$transaction(async (tx) => {
    const updated = await tx.couponStock.updateMany({ where: { id }, data: input });
    if (updated.count === 0) throw new AppError("NOT_FOUND", localized("error.couponStockNotFound"));
    await recordAudit(
      {
        action: "coupon_stock.updated",
        actorId: user.id,
        subjectType: "coupon_stock",
        subjectId: id,
        ip,
        details: input,
      },
      tx,
    );
  });
}
