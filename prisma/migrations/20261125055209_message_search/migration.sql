-- AlterTable
ALTER TABLE "Message" ADD COLUMN     "searchText" TEXT,
ADD COLUMN     "searchVector" tsvector;

-- CreateIndex
CREATE INDEX "Message_searchVector_idx" ON "Message" USING GIN ("searchVector");

-- CreateIndex
CREATE INDEX "Message_sentAt_idx" ON "Message"("sentAt" DESC);

-- searchVector follows searchText (jieba's words, written by the application), whoever writes the row.
CREATE FUNCTION "message_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."searchVector" := to_tsvector('simple', coalesce(NEW."searchText", ''));
  RETURN NEW;
END
$$;

CREATE TRIGGER "Message_searchVector_trigger"
BEFORE INSERT OR UPDATE OF "searchText" ON "Message"
FOR EACH ROW EXECUTE FUNCTION "message_search_vector"();
