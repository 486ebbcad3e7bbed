-- Cards an agent sends into the chat (server/commerce/cards/).
ALTER TYPE "MessageType" ADD VALUE 'ORDER_CARD';
ALTER TYPE "MessageType" ADD VALUE 'TRACKING_CARD';
