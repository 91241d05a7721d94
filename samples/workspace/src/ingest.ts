// Hover the names below (KinesisClient, Kafka, S3): Data Notes explains them from your notes.
import { KinesisClient, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';

// 주문 이벤트는 Kinesis 로, 원본은 S3 에 남긴다 (Kafka 로 옮길 계획)
const kinesis = new KinesisClient({ region: 'ap-northeast-2' });
const s3 = new S3Client({ region: 'ap-northeast-2' });

export async function publishOrder(order: { id: string }): Promise<void> {
  const data = Buffer.from(JSON.stringify(order));
  await kinesis.send(new PutRecordCommand({ StreamName: 'orders', PartitionKey: order.id, Data: data }));
  await s3.send(new PutObjectCommand({ Bucket: 'sample-shop-raw', Key: `orders/${order.id}.json`, Body: data }));
}
