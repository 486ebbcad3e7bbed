import { OrderDetail } from "@/components/orders/order-detail";

export default async function OrderPage({ params }: { params: Promise<{ orderNo: string }> }) {
  const { orderNo } = await params;
  return <OrderDetail orderNo={decodeURIComponent(orderNo)} />;
}
